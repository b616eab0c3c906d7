package dev.creor.provider.openrouter.sandbox;

import dev.creor.provider.openrouter.sandbox.ChatCall.EchoedToolCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Gemini 3's thought signatures, as the sandbox plays them: each tool call of a signing model's
 * answer comes with a {@code reasoning.encrypted} entry whose {@code data} signs that call, and the
 * next request must send it back unchanged with the call. The signature is derived from the call
 * itself, so the sandbox checks it without remembering anything.
 */
final class ThoughtSignatures {
    private ThoughtSignatures() {
    }

    /** The signature of a call. */
    static String sign(String id, String name, String arguments) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("creor-sandbox-thought\u0000" + id + "\u0000" + name + "\u0000" + arguments)
                    .getBytes(StandardCharsets.UTF_8));
            return "Ct" + Base64.getEncoder().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Google's complaint about the first call sent back without its signature or with an altered
     * one, or {@code null} when every call carries its own.
     */
    static String problem(ChatCall call) {
        for (EchoedToolCall echoed : call.echoedToolCalls()) {
            if (echoed.signatureOrNull() == null) {
                return "Function call is missing a thought_signature in functionCall parts. This is required for tools"
                        + " to work correctly, and missing thought_signature may lead to degraded model performance."
                        + " Additional data, function call `default_api:" + echoed.name() + "` , position "
                        + echoed.position() + ". Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures"
                        + " for more details.";
            }
            if (!echoed.signatureOrNull().equals(sign(echoed.id(), echoed.name(), echoed.arguments()))) {
                return "Corrupted thought signature for function call `default_api:" + echoed.name() + "` , position "
                        + echoed.position() + ": send the reasoning_details of the previous turn back unchanged.";
            }
        }
        return null;
    }
}
