package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.internal.Durations;
import dev.creor.provider.kit.transport.TransportErrors;
import dev.creor.spi.ProviderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every failure shape OpenRouter produces into a {@link CreorException}: an error status
 * with its JSON body, an {@code error} object in a 200 answer or in a stream chunk (whose
 * {@code code} is a number or a string), and transport failures. Each exception carries the
 * code that decides retries and fallbacks, OpenRouter's own message, the upstream provider when
 * named, the parsed {@code Retry-After}, the HTTP status, and a hint saying what to do.
 *
 * <p>Nothing the server echoes is trusted to be free of the key: every text taken from an
 * answer is scrubbed of the key in use and of anything shaped like an OpenRouter key.
 */
final class OpenRouterErrors implements TransportErrors {
    /** Where an error object was found; it changes the wording, not the classification. */
    enum Source {
        /** The body of an answer with an error status. */
        STATUS,
        /** The body of an HTTP 200 answer that carries {@code error} instead of choices. */
        BODY_OF_200,
        /** A chunk of a stream that had already started. */
        MID_STREAM
    }

    static final String KEYS_PAGE = "https://openrouter.ai/settings/keys";
    static final String CREDITS_PAGE = "https://openrouter.ai/settings/credits";

    private static final Pattern KEY_LIKE = Pattern.compile("sk-or-[A-Za-z0-9_-]{8,}");
    private static final Pattern INVALID_MODEL = Pattern.compile(
            "(?i)(not a valid model|invalid model|no such model|model\\b.*\\b(does not exist|not found|unknown))");
    /** How OpenRouter (HTTP 400) and upstream providers say a prompt does not fit the context window. */
    private static final Pattern CONTEXT_LENGTH = Pattern.compile(
            "(?i)(maximum context length|context[ _-]length[ _-]exceeded|context window|prompt is too long)");
    private static final int LONGEST_QUOTED_TEXT = 300;
    /**
     * The message of a 404 from a server's router rather than from OpenRouter's model routing,
     * which always says which model or endpoints it could not find ("No endpoints found for ...").
     */
    private static final Pattern BARE_NOT_FOUND = Pattern.compile("(?i)^\\s*not found\\b");

    private static final Map<String, ErrorCode> NAMED_CODES = Map.ofEntries(
            Map.entry("rate_limit_exceeded", ErrorCode.RATE_LIMITED),
            Map.entry("rate_limited", ErrorCode.RATE_LIMITED),
            Map.entry("too_many_requests", ErrorCode.RATE_LIMITED),
            Map.entry("server_error", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("internal_error", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("internal_server_error", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("provider_error", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("provider_overloaded", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("overloaded", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("overloaded_error", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("service_unavailable", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("bad_gateway", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("upstream_error", ErrorCode.PROVIDER_UNAVAILABLE),
            Map.entry("context_length_exceeded", ErrorCode.CONTEXT_TOO_LONG),
            Map.entry("request_too_large", ErrorCode.CONTEXT_TOO_LONG),
            Map.entry("insufficient_quota", ErrorCode.INSUFFICIENT_CREDITS),
            Map.entry("insufficient_credits", ErrorCode.INSUFFICIENT_CREDITS),
            Map.entry("payment_required", ErrorCode.INSUFFICIENT_CREDITS),
            Map.entry("invalid_api_key", ErrorCode.AUTH_INVALID),
            Map.entry("unauthorized", ErrorCode.AUTH_INVALID),
            Map.entry("authentication_error", ErrorCode.AUTH_INVALID),
            Map.entry("moderation", ErrorCode.MODERATION),
            Map.entry("content_filter", ErrorCode.MODERATION),
            Map.entry("flagged", ErrorCode.MODERATION),
            Map.entry("model_not_found", ErrorCode.MODEL_NOT_FOUND),
            Map.entry("not_found", ErrorCode.MODEL_NOT_FOUND),
            Map.entry("no_endpoints_found", ErrorCode.MODEL_NOT_FOUND),
            Map.entry("timeout", ErrorCode.TIMEOUT),
            Map.entry("request_timeout", ErrorCode.TIMEOUT),
            Map.entry("timeout_error", ErrorCode.TIMEOUT),
            Map.entry("invalid_request_error", ErrorCode.INVALID_REQUEST),
            Map.entry("invalid_request", ErrorCode.INVALID_REQUEST),
            Map.entry("bad_request", ErrorCode.INVALID_REQUEST));

    private final String providerId;
    private final Clock clock;
    private final Secret key;
    private final String baseUrl;

    /** The mapping for requests to OpenRouter's default base URL. */
    OpenRouterErrors(String providerId, Clock clock, Secret key) {
        this(providerId, clock, key, OpenRouterSettings.DEFAULT_BASE_URL.toString());
    }

    /**
     * @param key     the key of the request, scrubbed from echoed text; {@code null} when none was sent
     * @param baseUrl the base URL requests go to, named when it looks wrong
     */
    OpenRouterErrors(String providerId, Clock clock, Secret key, String baseUrl) {
        this.providerId = providerId;
        this.clock = clock;
        this.key = key;
        this.baseUrl = baseUrl;
    }

    /** The same mapping for requests made with another key (e.g. a key being inspected). */
    OpenRouterErrors withKey(Secret otherKey) {
        return new OpenRouterErrors(providerId, clock, otherKey, baseUrl);
    }

    /**
     * An answer with an error status (or a 200 whose body is an error object).
     *
     * @param what  what was asked, for the message, e.g. {@code "anthropic/claude-sonnet-4"} or
     *              {@code "the model list"}
     */
    CreorException fromResponse(int status, String statusMessage, String retryAfterHeader, byte[] body,
                                String what) {
        return fromResponse(status, statusMessage, retryAfterHeader, null, body, what);
    }

    /**
     * An answer with an error status; a 429 without {@code Retry-After} waits until its
     * {@code X-RateLimit-Reset} (a free model's daily cap, say) instead of backing off briefly.
     *
     * @param rateLimitResetHeader the {@code X-RateLimit-Reset} header, or {@code null}
     */
    CreorException fromResponse(int status, String statusMessage, String retryAfterHeader, String rateLimitResetHeader,
                                byte[] body, String what) {
        Optional<Duration> retryAfter = ProviderContext.Kit.retryAfter(retryAfterHeader, clock);
        if (retryAfter.isEmpty() && status == 429) {
            retryAfter = RateLimitReset.untilReset(rateLimitResetHeader, clock);
        }
        JsonNode error = errorObject(body);
        if (status == 404 && (error == null || BARE_NOT_FOUND.matcher(Objects.toString(Json.text(error.get("message")),
                "")).find())) {
            return endpointNotFound(statusMessage, what);
        }
        if (error != null) {
            return fromErrorObject(error, status, retryAfter, what, status >= 200 && status < 300
                    ? Source.BODY_OF_200 : Source.STATUS);
        }
        ErrorCode code = status >= 200 && status < 300 ? ErrorCode.MALFORMED_RESPONSE : classifyStatus(status, "");
        String message = "OpenRouter answered HTTP " + status + describeReason(statusMessage) + " for " + what
                + (status >= 200 && status < 300 ? " with a body that is not OpenRouter's JSON" : "");
        return build(code, message, status, retryAfter, null, null);
    }

    /** An {@code error} object found in an answer or a chunk. */
    CreorException fromErrorObject(JsonNode error, int httpStatus, Optional<Duration> retryAfter, String what,
                                   Source source) {
        JsonNode codeNode = error.get("code");
        JsonNode metadata = error.path("metadata");
        String serverMessage = scrub(Optional.ofNullable(Json.text(error.get("message"))).orElse("no message"));
        String errorType = Json.text(metadata.get("error_type"));
        String upstream = Json.text(metadata.get("provider_name"));

        ErrorCode code = classify(codeNode, httpStatus, errorType, serverMessage);
        int status = codeNode != null && codeNode.isIntegralNumber() ? codeNode.asInt() : 0;
        String codeText = codeNode == null || codeNode.isNull() ? null : codeNode.asText();
        String message = switch (source) {
            case STATUS -> "OpenRouter answered HTTP " + httpStatus + " for " + what + ": " + serverMessage;
            case BODY_OF_200 -> "OpenRouter answered with an error" + (codeText == null ? "" : " (code " + codeText + ")")
                    + " for " + what + ": " + serverMessage;
            case MID_STREAM -> "the answer of " + what + " broke off with an error"
                    + (codeText == null ? "" : " (code " + codeText + ")") + ": " + serverMessage;
        };
        if (upstream != null && !upstream.isBlank()) {
            message += " (upstream provider: " + scrub(upstream) + ")";
        }
        Optional<Duration> wait = retryAfter;
        if (wait.isEmpty()) {
            wait = ProviderContext.Kit.retryAfter(headerInMetadata(metadata, "retry-after"), clock);
        }
        if (code == ErrorCode.RATE_LIMITED) {
            // OpenRouter's caps (free-models-per-day, ...) name their reset in the error's metadata
            // headers, without Retry-After: retrying after a short back-off would only fail again.
            if (wait.isEmpty()) {
                wait = RateLimitReset.untilReset(headerInMetadata(metadata, "x-ratelimit-reset"), clock);
            }
            Optional<Instant> reset = RateLimitReset.resetTime(headerInMetadata(metadata, "x-ratelimit-reset"));
            if (reset.isPresent()) {
                message += " (the limit resets at " + reset.get() + ")";
            }
        }
        return build(code, message, httpStatus != 0 ? httpStatus : status, wait, upstream, metadata);
    }

    /** A body that should be an error object, when it is one. */
    static JsonNode errorObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * A 404 on the endpoint itself rather than on a model: the base URL does not lead to an
     * OpenRouter-compatible API, typically because it lacks {@code /api/v1}. Every request would
     * fail alike, so this is a configuration error, not a reason to try another model.
     */
    CreorException endpointNotFound(String statusMessage, String what) {
        boolean apiRoot = baseUrl.endsWith("/api/v1");
        return CreorException.builder(ErrorCode.CONFIG_INVALID, "the base URL " + baseUrl + " looks wrong: the server"
                        + " answered HTTP 404" + describeReason(statusMessage) + " for the endpoint itself (asked for "
                        + what + "), so there is no OpenRouter-compatible API there")
                .hint((apiRoot ? "check" : "OpenRouter's API is under /api/v1; check") + " provider." + providerId
                        + ".options.baseURL, e.g. " + OpenRouterSettings.DEFAULT_BASE_URL)
                .httpStatus(404)
                .build();
    }

    /** No key is available, detected before any request is sent. */
    CreorException missingKey() {
        return CreorException.builder(ErrorCode.AUTH_MISSING, "no OpenRouter API key is set for provider \""
                        + providerId + "\"")
                .hint(setKeyHint())
                .build();
    }

    /** Connecting failed for another reason than the time limit. */
    @Override
    public CreorException connectFailed(String target, Throwable cause) {
        return CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "could not connect to OpenRouter at " + target
                        + ": " + scrub(describe(cause)))
                .hint("check your network connection and provider." + providerId + ".options.baseURL")
                .cause(cause)
                .build();
    }

    /** The connection closed, or failed, before the response head arrived. */
    @Override
    public CreorException closedBeforeAnswer(String what, Throwable cause) {
        return CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "the connection to OpenRouter broke before it"
                        + " answered for " + what + ": " + scrub(describe(cause)))
                .hint("this is usually temporary; try again")
                .cause(cause)
                .build();
    }

    /** The connection broke while an answer was being read. */
    @Override
    public CreorException interrupted(String what, Throwable cause) {
        CreorException.Builder builder = CreorException.builder(ErrorCode.STREAM_INTERRUPTED,
                "the connection to OpenRouter broke while " + what + " was answering, before the answer was complete");
        if (cause != null) {
            builder.cause(cause);
        }
        return builder.hint("this is usually temporary; try again").build();
    }

    /** The answer ended normally at the HTTP level but before the model finished. */
    CreorException endedEarly(String what) {
        return CreorException.builder(ErrorCode.STREAM_INTERRUPTED, "OpenRouter ended the answer of " + what
                        + " before the model finished (no finish reason and no [DONE])")
                .hint("this is usually temporary; try again")
                .build();
    }

    /** The answer does not follow OpenRouter's protocol. */
    CreorException malformed(String what, String problem) {
        return CreorException.of(ErrorCode.MALFORMED_RESPONSE, "OpenRouter's answer for " + what
                + " is malformed: " + scrub(problem));
    }

    /** Removes anything that looks like a key from text taken from an answer. */
    String scrub(String text) {
        String scrubbed = text;
        if (key != null && !key.reveal().isEmpty()) {
            scrubbed = scrubbed.replace(key.reveal(), key.masked());
        }
        Matcher matcher = KEY_LIKE.matcher(scrubbed);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(Secret.mask(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private CreorException build(ErrorCode code, String message, int status, Optional<Duration> retryAfter,
                                 String upstream, JsonNode metadata) {
        CreorException.Builder builder = CreorException.builder(code, message);
        if (status >= 100 && status <= 599) {
            builder.httpStatus(status);
        }
        retryAfter.ifPresent(builder::retryAfter);
        if (upstream != null && !upstream.isBlank()) {
            builder.upstreamProvider(scrub(upstream));
        }
        hint(code, retryAfter, metadata).ifPresent(builder::hint);
        return builder.build();
    }

    private Optional<String> hint(ErrorCode code, Optional<Duration> retryAfter, JsonNode metadata) {
        return Optional.ofNullable(switch (code) {
            case AUTH_INVALID -> "OpenRouter rejected the key" + (key == null ? "" : " " + key.masked()) + "; "
                    + setKeyHint();
            case INSUFFICIENT_CREDITS -> "add credits at " + CREDITS_PAGE + ", or use a free variant of a model"
                    + " (an id ending in :free)";
            case MODERATION -> moderationHint(metadata);
            case RATE_LIMITED -> retryAfter
                    .map(wait -> "OpenRouter asks to wait " + Durations.describe(wait) + " before trying again")
                    .orElse("wait a little before trying again; free (:free) variants have low rate limits,"
                            + " which credits on the account raise");
            case MODEL_NOT_FOUND -> "check the model id with `creor models --provider " + providerId + "`; routing"
                    + " preferences (provider." + providerId + ".routing) can also leave no provider for a model";
            case CONTEXT_TOO_LONG -> "shorten the conversation, or use a model with a larger context window"
                    + " (e.g. as a fallback)";
            case PROVIDER_UNAVAILABLE -> "OpenRouter or the upstream provider is having trouble; try again later,"
                    + " or configure fallback models";
            case TIMEOUT -> "the upstream provider took too long; try again, or pick a faster model";
            case INVALID_REQUEST -> "check the request's parameters against what the model supports"
                    + " (`creor models --provider " + providerId + "` lists them)";
            default -> null;
        });
    }

    private String moderationHint(JsonNode metadata) {
        List<String> reasons = new ArrayList<>();
        metadata.path("reasons").forEach(reason -> reasons.add(scrub(reason.asText())));
        String flagged = Json.text(metadata.get("flagged_input"));
        String model = Json.text(metadata.get("model_slug"));
        String upstream = Json.text(metadata.get("provider_name"));
        StringBuilder hint = new StringBuilder();
        if (flagged != null) {
            hint.append("the moderation of ").append(upstream == null ? "the upstream provider" : scrub(upstream))
                    .append(" flagged the input \"").append(scrub(truncate(flagged))).append('"');
        } else {
            hint.append("the upstream provider's moderation refused the input");
        }
        if (!reasons.isEmpty()) {
            hint.append(" for ").append(String.join(", ", reasons));
        }
        if (model != null) {
            hint.append(" (model ").append(scrub(model)).append(')');
        }
        return hint.append("; rephrase that part, or pick a model whose provider does not moderate").toString();
    }

    private String setKeyHint() {
        return "set the key with `creor auth login " + providerId + "` (recommended) or the OPENROUTER_API_KEY"
                + " environment variable; keys are created at " + KEYS_PAGE;
    }

    static ErrorCode classify(JsonNode codeNode, int httpStatus, String errorType, String message) {
        if (errorType != null) {
            ErrorCode refined = NAMED_CODES.get(errorType.toLowerCase(Locale.ROOT));
            // A generic type such as invalid_request_error must not hide what the status says.
            if (refined != null && refined != ErrorCode.INVALID_REQUEST) {
                return refined;
            }
        }
        if (codeNode != null && codeNode.isIntegralNumber()) {
            return classifyStatus(codeNode.asInt(), message);
        }
        if (codeNode != null && codeNode.isTextual()) {
            String name = codeNode.textValue().trim().toLowerCase(Locale.ROOT);
            if (name.chars().allMatch(Character::isDigit) && !name.isEmpty() && name.length() <= 3) {
                return classifyStatus(Integer.parseInt(name), message);
            }
            return NAMED_CODES.getOrDefault(name, ErrorCode.PROVIDER_UNAVAILABLE);
        }
        if (httpStatus >= 400) {
            return classifyStatus(httpStatus, message);
        }
        return ErrorCode.PROVIDER_UNAVAILABLE;
    }

    static ErrorCode classifyStatus(int status, String message) {
        return switch (status) {
            case 400 -> message != null && INVALID_MODEL.matcher(message).find() ? ErrorCode.MODEL_NOT_FOUND
                    : message != null && CONTEXT_LENGTH.matcher(message).find() ? ErrorCode.CONTEXT_TOO_LONG
                    : ErrorCode.INVALID_REQUEST;
            case 401 -> ErrorCode.AUTH_INVALID;
            case 402 -> ErrorCode.INSUFFICIENT_CREDITS;
            case 403 -> ErrorCode.MODERATION;
            case 404 -> ErrorCode.MODEL_NOT_FOUND;
            case 408 -> ErrorCode.TIMEOUT;
            case 413, 422 -> ErrorCode.CONTEXT_TOO_LONG;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status >= 400 && status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.PROVIDER_UNAVAILABLE;
        };
    }

    private static String headerInMetadata(JsonNode metadata, String name) {
        JsonNode headers = metadata.path("headers");
        if (!headers.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> field : headers.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().asText();
            }
        }
        return null;
    }

    private static String describeReason(String statusMessage) {
        return statusMessage == null || statusMessage.isBlank() ? "" : " (" + statusMessage + ")";
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip();
    }

    private static String truncate(String text) {
        return text.length() <= LONGEST_QUOTED_TEXT ? text : text.substring(0, LONGEST_QUOTED_TEXT) + "…";
    }

    /** A short, scrubbed excerpt of a body for debug logs. */
    String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8);
        return scrub(text);
    }
}
