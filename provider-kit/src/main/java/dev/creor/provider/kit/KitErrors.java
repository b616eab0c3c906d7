package dev.creor.provider.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.provider.kit.transport.TransportErrors;
import dev.creor.spi.ProviderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

/**
 * The errors of one service's requests, worded for the user: which service, what was asked,
 * and what to do next. Text the service sent back is quoted with the request's key masked (only
 * the key: the rest of the message stays readable) and cut short.
 */
final class KitErrors implements TransportErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LONGEST_QUOTE = 300;

    private final String service;
    private final String providerId;
    private final Clock clock;
    private final Secret key;

    /**
     * @param key the key the requests carry, or {@code null} for none
     */
    KitErrors(String service, String providerId, Clock clock, Secret key) {
        this.service = service;
        this.providerId = providerId;
        this.clock = clock;
        this.key = key;
    }

    String service() {
        return service;
    }

    @Override
    public CreorException connectFailed(String target, Throwable cause) {
        return CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "could not connect to " + service + " at "
                        + target + ": " + scrub(describe(cause)))
                .hint("check that the server is running and provider." + providerId + ".options.baseURL")
                .cause(cause)
                .build();
    }

    @Override
    public CreorException closedBeforeAnswer(String what, Throwable cause) {
        return CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "the connection to " + service
                        + " broke before it answered for " + what + ": " + scrub(describe(cause)))
                .hint("this is usually temporary; try again")
                .cause(cause)
                .build();
    }

    @Override
    public CreorException interrupted(String what, Throwable cause) {
        CreorException.Builder builder = CreorException.builder(ErrorCode.STREAM_INTERRUPTED,
                "the connection to " + service + " broke while " + what + " was answering, before the answer was complete");
        if (cause != null) {
            builder.cause(cause);
        }
        return builder.hint("this is usually temporary; try again").build();
    }

    CreorException endedEarly(String what) {
        return CreorException.builder(ErrorCode.STREAM_INTERRUPTED, service + " ended the answer of " + what
                        + " before the model finished (no finish reason and no [DONE])")
                .hint("this is usually temporary; try again")
                .build();
    }

    CreorException malformed(String what, String problem) {
        return CreorException.of(ErrorCode.MALFORMED_RESPONSE, service + "'s answer for " + what
                + " is malformed: " + scrub(problem));
    }

    /** An error answer: the status says the code, the body (OpenAI's {@code error} object or text) the detail. */
    CreorException fromAnswer(int status, String retryAfterHeader, byte[] body, String what) {
        ErrorCode code = status >= 200 && status < 300 ? ErrorCode.MALFORMED_RESPONSE : ProviderContext.Kit.errorCode(status);
        String detail = serverMessage(body);
        CreorException.Builder builder = CreorException.builder(code, service + " answered HTTP " + status + " for "
                + what + (detail.isEmpty() ? "" : ": " + detail)).hint(hint(code));
        ProviderContext.Kit.retryAfter(retryAfterHeader, clock).ifPresent(builder::retryAfter);
        return builder.build();
    }

    /** An {@code error} object inside a 200 stream. */
    CreorException fromStreamError(JsonNode error, String what) {
        String message = error.path("message").asText("");
        String type = error.path("type").asText("") + " " + error.path("code").asText("");
        ErrorCode code = error.path("code").isIntegralNumber() ? ProviderContext.Kit.errorCode(error.path("code").asInt())
                : type.toLowerCase(Locale.ROOT).contains("rate") ? ErrorCode.RATE_LIMITED : ErrorCode.PROVIDER_UNAVAILABLE;
        return CreorException.builder(code, "the answer of " + what + " broke off with an error from " + service
                + (message.isEmpty() ? "" : ": " + scrub(truncate(message)))).hint(hint(code)).build();
    }

    private String hint(ErrorCode code) {
        return switch (code) {
            case AUTH_INVALID -> service + " rejected the key" + (key == null ? " (none was sent)" : " " + key.masked())
                    + "; set another with `creor auth login " + providerId + "`";
            case MODEL_NOT_FOUND -> "check the model id with `creor models --provider " + providerId + "`";
            case RATE_LIMITED -> "wait a moment and try again, or add a fallback model";
            case CONTEXT_TOO_LONG -> "shorten the conversation, or use a model with a larger context window";
            case INVALID_REQUEST -> "check the request's parameters against what the model supports";
            default -> service + " is having trouble; try again later, or add a fallback model";
        };
    }

    private String serverMessage(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root.path("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText("");
            if (!message.isEmpty()) {
                return scrub(truncate(message));
            }
        } catch (IOException notJson) {
            // quoted as text below
        }
        return scrub(truncate(new String(body, 0, Math.min(body.length, LONGEST_QUOTE * 4), StandardCharsets.UTF_8)
                .strip()));
    }

    /** Masks the request's key in text a server sent back; nothing else. */
    String scrub(String text) {
        return key == null ? text : ProviderContext.Kit.maskKey(text, key);
    }

    private static String truncate(String text) {
        return text.length() <= LONGEST_QUOTE ? text : text.substring(0, LONGEST_QUOTE) + "…";
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip();
    }
}
