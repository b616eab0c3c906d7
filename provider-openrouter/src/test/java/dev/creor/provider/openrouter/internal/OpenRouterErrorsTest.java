package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenRouterErrorsTest {
    private static final Secret KEY = Secret.of("sk-or-v1-" + "a1b2c3d4e5f60718".repeat(4));
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-10-21T07:28:00Z"), ZoneOffset.UTC);
    private static final OpenRouterErrors ERRORS = new OpenRouterErrors("openrouter", NOW, KEY);

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "400, INVALID_REQUEST, false",
        "401, AUTH_INVALID, false",
        "402, INSUFFICIENT_CREDITS, false",
        "403, MODERATION, false",
        "404, MODEL_NOT_FOUND, false",
        "408, TIMEOUT, true",
        "413, CONTEXT_TOO_LONG, false",
        "422, CONTEXT_TOO_LONG, false",
        "429, RATE_LIMITED, true",
        "500, PROVIDER_UNAVAILABLE, true",
        "502, PROVIDER_UNAVAILABLE, true",
        "503, PROVIDER_UNAVAILABLE, true",
        "504, PROVIDER_UNAVAILABLE, true",
        "524, PROVIDER_UNAVAILABLE, true",
        "529, PROVIDER_UNAVAILABLE, true",
        "418, INVALID_REQUEST, false"})
    void everyStatusMapsToItsCode(int status, ErrorCode code, boolean retryable) {
        CreorException error = ERRORS.fromResponse(status, "Reason", null,
                body("{\"error\":{\"code\":" + status + ",\"message\":\"OpenRouter says no\"}}"), "openai/gpt-4o");

        assertThat(error.code()).isEqualTo(code);
        assertThat(error.retryable()).isEqualTo(retryable);
        assertThat(error.httpStatus()).hasValue(status);
        assertThat(error.getMessage()).contains("HTTP " + status, "openai/gpt-4o", "OpenRouter says no");
        assertThat(error.hint()).isPresent();
    }

    @Test
    void a404ThatIsNotOpenRoutersJsonIsAWrongBaseUrl() {
        OpenRouterErrors errors = new OpenRouterErrors("openrouter", NOW, KEY, "https://openrouter.ai");
        CreorException html = errors.fromResponse(404, "Not Found", null,
                body("<!DOCTYPE html><html><title>404: This page could not be found</title></html>"), "openai/gpt-4o");
        CreorException bare = errors.fromResponse(404, "Not Found", null,
                body("{\"error\":{\"code\":404,\"message\":\"Not Found\"}}"), "openai/gpt-4o");

        for (CreorException error : new CreorException[] {html, bare}) {
            assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.getMessage()).isEqualTo("the base URL https://openrouter.ai looks wrong: the server answered"
                    + " HTTP 404 (Not Found) for the endpoint itself (asked for openai/gpt-4o), so there is no"
                    + " OpenRouter-compatible API there");
            assertThat(error.hint()).hasValue("OpenRouter's API is under /api/v1; check provider.openrouter.options"
                    + ".baseURL, e.g. https://openrouter.ai/api/v1");
        }
    }

    @Test
    void anInvalidModelIdIn400IsModelNotFound() {
        CreorException error = ERRORS.fromResponse(400, "Bad Request", null,
                body("{\"error\":{\"code\":400,\"message\":\"openai/gpt-5x is not a valid model ID\"}}"), "openai/gpt-5x");

        assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("creor models --provider openrouter"));
    }

    @Test
    void unauthorizedSaysHowToSetTheKeyAndNamesItMasked() {
        CreorException error = ERRORS.fromResponse(401, "Unauthorized", null,
                body("{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}"), "openai/gpt-4o");

        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                .contains("creor auth login openrouter", "OPENROUTER_API_KEY", KEY.masked())
                .doesNotContain(KEY.reveal()));
    }

    @Test
    void outOfCreditsPointsAtTheCreditsPage() {
        CreorException error = ERRORS.fromResponse(402, "Payment Required", null,
                body("{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}"), "openai/gpt-4o");

        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("openrouter.ai/settings/credits"));
    }

    @Test
    void moderationSaysWhichInputWasFlaggedAndWhy() {
        CreorException error = ERRORS.fromResponse(403, "Forbidden", null, body("""
                {"error":{"code":403,"message":"Your chosen model requires moderation and your input was flagged",
                 "metadata":{"reasons":["violence","harassment"],"flagged_input":"how do I hurt...",
                             "provider_name":"OpenAI","model_slug":"openai/gpt-4o"}}}"""), "openai/gpt-4o");

        assertThat(error.code()).isEqualTo(ErrorCode.MODERATION);
        assertThat(error.upstreamProvider()).hasValue("OpenAI");
        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                .contains("\"how do I hurt...\"", "violence, harassment", "OpenAI", "openai/gpt-4o"));
    }

    @Test
    void rateLimitCarriesRetryAfterInSecondsOrAsADate() {
        CreorException seconds = ERRORS.fromResponse(429, "Too Many Requests", "7",
                body("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}"), "x/y");
        CreorException date = ERRORS.fromResponse(429, "Too Many Requests", "Wed, 21 Oct 2026 07:28:45 GMT",
                body("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}"), "x/y");

        assertThat(seconds.retryAfter()).hasValue(Duration.ofSeconds(7));
        assertThat(seconds.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("7 s"));
        assertThat(date.retryAfter()).hasValue(Duration.ofSeconds(45));
    }

    @Test
    void aLongRetryAfterIsWordedAsTheRouterWordsIt() {
        // One wording of durations in Creor (core's Durations): the adapter once said "90 min".
        CreorException error = ERRORS.fromResponse(429, "Too Many Requests", "5400",
                body("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}"), "x/y");

        assertThat(error.hint()).hasValue("OpenRouter asks to wait 1 h 30 min before trying again");
    }

    @Test
    void theErrorTypeInMetadataRefinesTheStatus() {
        CreorException overloaded = ERRORS.fromResponse(400, null, null, body("{\"error\":{\"code\":400,"
                + "\"message\":\"busy\",\"metadata\":{\"error_type\":\"provider_overloaded\",\"provider_name\":\"Together\"}}}"),
                "x/y");
        CreorException tooLong = ERRORS.fromResponse(400, null, null, body("{\"error\":{\"code\":400,"
                + "\"message\":\"too long\",\"metadata\":{\"error_type\":\"context_length_exceeded\"}}}"), "x/y");
        CreorException limited = ERRORS.fromResponse(503, null, null, body("{\"error\":{\"code\":503,"
                + "\"message\":\"slow\",\"metadata\":{\"error_type\":\"rate_limit_exceeded\"}}}"), "x/y");
        CreorException generic = ERRORS.fromResponse(404, null, null, body("{\"error\":{\"code\":404,"
                + "\"message\":\"No endpoints found\",\"metadata\":{\"error_type\":\"invalid_request_error\"}}}"), "x/y");

        assertThat(overloaded.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(overloaded.upstreamProvider()).hasValue("Together");
        assertThat(overloaded.getMessage()).contains("upstream provider: Together");
        assertThat(tooLong.code()).isEqualTo(ErrorCode.CONTEXT_TOO_LONG);
        assertThat(limited.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(generic.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
    }

    @Test
    void a200WithAnErrorBodyIsClassifiedByItsCode() {
        CreorException error = ERRORS.fromResponse(200, "OK", null,
                body("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded upstream\"}}"), "x/y");

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.httpStatus()).hasValue(200);
        assertThat(error.getMessage()).contains("code 429", "Rate limit exceeded upstream");
    }

    @ParameterizedTest(name = "code \"{0}\" -> {1}")
    @CsvSource({
        "server_error, PROVIDER_UNAVAILABLE",
        "rate_limit_exceeded, RATE_LIMITED",
        "context_length_exceeded, CONTEXT_TOO_LONG",
        "insufficient_quota, INSUFFICIENT_CREDITS",
        "invalid_api_key, AUTH_INVALID",
        "content_filter, MODERATION",
        "model_not_found, MODEL_NOT_FOUND",
        "timeout, TIMEOUT",
        "invalid_request_error, INVALID_REQUEST",
        "something_new, PROVIDER_UNAVAILABLE",
        "503, PROVIDER_UNAVAILABLE",
        "402, INSUFFICIENT_CREDITS"})
    void stringCodesMapByName(String code, ErrorCode expected) throws Exception {
        JsonNode error = Json.MAPPER.readTree("{\"code\":\"" + code + "\",\"message\":\"m\"}");

        assertThat(ERRORS.fromErrorObject(error, 200, Optional.empty(), "x/y", OpenRouterErrors.Source.MID_STREAM).code())
                .isEqualTo(expected);
    }

    @Test
    void aBodyThatIsNotOpenRoutersJsonIsClassifiedByStatus() {
        CreorException error = ERRORS.fromResponse(502, "Bad Gateway", "3",
                body("<html><body>502 Bad Gateway</body></html>"), "x/y");

        assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(error.getMessage()).contains("HTTP 502 (Bad Gateway)");
        assertThat(error.retryAfter()).hasValue(Duration.ofSeconds(3));
    }

    @Test
    void echoedKeysAreScrubbedFromMessagesAndHints() {
        String other = "sk-or-v1-" + "ffffeeeeddddcccc".repeat(4);
        CreorException error = ERRORS.fromResponse(401, null, null, body("{\"error\":{\"code\":401,"
                + "\"message\":\"key " + KEY.reveal() + " and " + other + " are invalid\"}}"), "x/y");

        assertThat(error.describe()).doesNotContain(KEY.reveal()).doesNotContain(other)
                .contains(KEY.masked()).contains(Secret.mask(other));
    }

    @Test
    void aMissingKeySaysWhereToSetIt() {
        CreorException error = ERRORS.missingKey();

        assertThat(error.code()).isEqualTo(ErrorCode.AUTH_MISSING);
        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                .contains("creor auth login openrouter", "OPENROUTER_API_KEY"));
    }

    @Test
    void retryAfterInTheMetadataHeadersIsUsedWhenTheHttpHeaderIsMissing() throws Exception {
        JsonNode error = Json.MAPPER.readTree("{\"code\":429,\"message\":\"m\",\"metadata\":{\"headers\":"
                + "{\"Retry-After\":\"12\"}}}");

        assertThat(ERRORS.fromErrorObject(error, 429, Optional.empty(), "x/y", OpenRouterErrors.Source.STATUS)
                .retryAfter()).hasValue(Duration.ofSeconds(12));
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a429WithOnlyARateLimitResetHeaderWaitsUntilTheReset() {
        long reset = Instant.parse("2026-10-21T07:30:30Z").toEpochMilli();

        CreorException error = ERRORS.fromResponse(429, "Too Many Requests", null, Long.toString(reset),
                "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}".getBytes(StandardCharsets.UTF_8),
                "qwen/qwen3-coder:free");

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.retryAfter()).hasValue(Duration.ofSeconds(150));
    }

    @Test
    void retryAfterWinsOverTheResetAndAResetInThePastMeansNoWait() {
        long past = Instant.parse("2026-10-21T07:00:00Z").toEpochMilli();
        byte[] body = "{\"error\":{\"code\":429,\"message\":\"slow down\"}}".getBytes(StandardCharsets.UTF_8);

        assertThat(ERRORS.fromResponse(429, "", "2", Long.toString(past), body, "m").retryAfter())
                .hasValue(Duration.ofSeconds(2));
        assertThat(ERRORS.fromResponse(429, "", null, Long.toString(past), body, "m").retryAfter())
                .hasValue(Duration.ZERO);
        assertThat(ERRORS.fromResponse(429, "", null, "soon", body, "m").retryAfter()).isEmpty();
    }
}
