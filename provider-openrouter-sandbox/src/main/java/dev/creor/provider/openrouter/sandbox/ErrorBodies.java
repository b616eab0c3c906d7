package dev.creor.provider.openrouter.sandbox;

import dev.creor.provider.openrouter.sandbox.ModelCatalogue.SandboxModel;
import java.util.ArrayList;
import java.util.List;

/** OpenRouter's error bodies: {@code {"error":{"code":...,"message":...,"metadata":{...}}}}. */
final class ErrorBodies {
    private static final int FLAGGED_INPUT_LIMIT = 100;

    private ErrorBodies() {
    }

    /** An error body without metadata. */
    static String plain(int code, String message) {
        StringBuilder out = new StringBuilder(64 + message.length()).append("{\"error\":{\"code\":").append(code)
                .append(",\"message\":");
        return JsonText.quote(out, message).append("}}").toString();
    }

    /**
     * The body a scripted error status answers with: the step's message or the status's usual
     * one, and metadata as the real service gives it for that status (moderation details for
     * 403, the upstream provider and error type for rate limits and upstream failures).
     */
    static String scripted(int status, SandboxBehaviour step, SandboxModel served, String lastUserText) {
        StringBuilder out = new StringBuilder(256).append("{\"error\":{\"code\":").append(status).append(",\"message\":");
        JsonText.quote(out, step.messageOrNull() != null ? step.messageOrNull() : defaultMessage(status, served));
        String metadata = metadata(status, step, served, lastUserText);
        if (metadata != null) {
            out.append(",\"metadata\":").append(metadata);
        }
        return out.append("}}").toString();
    }

    /**
     * The {@code error} member of a 200 answer or a mid-stream chunk, with the step's code
     * (a number or a string such as {@code "server_error"}).
     */
    static String errorMember(Object code, SandboxBehaviour step, SandboxModel served) {
        StringBuilder out = new StringBuilder(160).append("\"error\":{\"code\":");
        JsonText.code(out, code).append(",\"message\":");
        JsonText.quote(out, step.messageOrNull() != null ? step.messageOrNull() : inBandMessage(code, served));
        List<String> metadata = new ArrayList<>();
        metadata.add("\"error_type\":" + JsonText.quote(step.errorTypeOrNull() != null ? step.errorTypeOrNull()
                : inBandErrorType(code)));
        metadata.add("\"provider_name\":" + JsonText.quote(providerName(step, served)));
        if (step.rawOrNull() != null) {
            metadata.add("\"raw\":" + JsonText.quote(step.rawOrNull()));
        }
        return out.append(",\"metadata\":{").append(String.join(",", metadata)).append("}}").toString();
    }

    private static String metadata(int status, SandboxBehaviour step, SandboxModel served, String lastUserText) {
        List<String> members = new ArrayList<>();
        if (status == 403) {
            members.add("\"reasons\":" + stringArray(step.moderationReasons()));
            members.add("\"flagged_input\":" + JsonText.quote(flaggedInput(lastUserText)));
            members.add("\"provider_name\":" + JsonText.quote(providerName(step, served)));
            members.add("\"model_slug\":" + JsonText.quote(served.id()));
        } else {
            if (step.providerNameOrNull() != null || namesUpstream(status)) {
                members.add("\"provider_name\":" + JsonText.quote(providerName(step, served)));
            }
            String errorType = step.errorTypeOrNull() != null ? step.errorTypeOrNull() : defaultErrorType(status);
            if (errorType != null) {
                members.add("\"error_type\":" + JsonText.quote(errorType));
            }
        }
        if (step.rawOrNull() != null) {
            members.add("\"raw\":" + JsonText.quote(step.rawOrNull()));
        }
        return members.isEmpty() ? null : "{" + String.join(",", members) + "}";
    }

    private static String providerName(SandboxBehaviour step, SandboxModel served) {
        return step.providerNameOrNull() != null ? step.providerNameOrNull() : served.upstream();
    }

    /** Statuses the real service attributes to an upstream provider. */
    private static boolean namesUpstream(int status) {
        return status == 408 || status == 413 || status == 422 || status == 429 || status >= 500;
    }

    /**
     * The {@code metadata.error_type} of an in-band error, which OpenRouter always sends there:
     * the kind its code stands for.
     */
    private static String inBandErrorType(Object code) {
        if (!(code instanceof Integer status)) {
            return "server";
        }
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "authentication";
            case 402 -> "payment_required";
            case 403 -> "content_policy_violation";
            case 404 -> "not_found";
            case 408, 504, 524 -> "timeout";
            case 413 -> "payload_too_large";
            case 422 -> "context_length_exceeded";
            case 429 -> "rate_limit_exceeded";
            case 502 -> "provider_unavailable";
            case 503, 529 -> "provider_overloaded";
            default -> "server";
        };
    }

    private static String defaultErrorType(int status) {
        return switch (status) {
            case 429 -> "rate_limit_exceeded";
            case 413, 422 -> "context_length_exceeded";
            case 503, 529 -> "provider_overloaded";
            default -> null;
        };
    }

    private static String defaultMessage(int status, SandboxModel served) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "User not found.";
            case 402 -> "Insufficient credits. Add more using https://openrouter.ai/settings/credits";
            case 403 -> served.id() + " requires moderation on " + served.upstream()
                    + ". Your input was flagged. No credits were charged.";
            case 404 -> "No endpoints found for " + served.id() + ".";
            case 408 -> "Request timed out";
            case 413 -> "Request too large for " + served.id() + ": the prompt exceeds its context length of "
                    + served.contextLength() + " tokens";
            case 422 -> "This endpoint's maximum context length is " + served.contextLength()
                    + " tokens. Please reduce the length of the messages.";
            case 429 -> served.id() + " is temporarily rate-limited upstream. Please retry shortly.";
            case 500 -> "Internal Server Error";
            case 502 -> "Provider returned error";
            case 503 -> "No instances available for " + served.id() + ": " + served.upstream() + " is overloaded";
            case 504 -> "Gateway Timeout";
            case 524 -> "Provider timed out";
            case 529 -> served.upstream() + " is overloaded";
            default -> "HTTP " + status;
        };
    }

    private static String inBandMessage(Object code, SandboxModel served) {
        if (code instanceof Integer status) {
            return defaultMessage(status, served);
        }
        return served.upstream() + " disconnected unexpectedly (" + code + ")";
    }

    /** The flagged text as the real service shows it: at most 100 characters, cut in the middle. */
    private static String flaggedInput(String text) {
        int length = text.codePointCount(0, text.length());
        if (length <= FLAGGED_INPUT_LIMIT) {
            return text;
        }
        int tail = (FLAGGED_INPUT_LIMIT - 3) / 2;
        int head = FLAGGED_INPUT_LIMIT - 3 - tail;
        return text.substring(0, text.offsetByCodePoints(0, head)) + "..."
                + text.substring(text.offsetByCodePoints(0, length - tail));
    }

    private static String stringArray(List<String> values) {
        List<String> quoted = new ArrayList<>(values.size());
        values.forEach(value -> quoted.add(JsonText.quote(value)));
        return "[" + String.join(",", quoted) + "]";
    }
}
