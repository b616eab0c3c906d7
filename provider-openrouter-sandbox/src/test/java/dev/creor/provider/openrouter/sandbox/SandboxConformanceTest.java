package dev.creor.provider.openrouter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox answers as OpenRouter does, by the judgement of something no one here wrote:
 * OpenRouter's official TypeScript SDK. {@code conformance.mjs} calls every endpoint and scripted
 * behaviour with the SDK's client (which validates what it receives) and with raw HTTP, checking
 * every body and every stream chunk key by key against the SDK's response schemas.
 */
class SandboxConformanceTest {
    private static OpenRouterSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = OpenRouterSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void everyEndpointAndScriptedBehaviourMatchesOpenRoutersSdkSchemas() {
        SdkConformance.Result result = check();

        assertThat(result.mismatches()).as(result.output()).isEmpty();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("sandbox against @openrouter/sdk 1\\.3\\.19: \\d{3} checks, 0 mismatches");
    }

    /** The check can fail: answers with a required field taken out are reported, endpoint by endpoint. */
    @Test
    void aRequiredFieldMissingFromAnAnswerIsReported() {
        SdkConformance.Result result = check("--remove-key", "links", "--remove-key", "system_fingerprint",
                "--remove-key", "note", "--remove-key", "error_type", "--remove-key", "data_region");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.mismatches()).as(result.output())
                .contains("MISMATCH GET /models: data[0].links is required but missing",
                        "MISMATCH GET /models: links is required but missing",
                        "MISMATCH POST /chat/completions (default reply): system_fingerprint is required but missing",
                        "MISMATCH GET /key: data.rate_limit.note is required but missing",
                        "MISMATCH GET /generation: data.data_region is required but missing")
                .anyMatch(line -> line.startsWith("MISMATCH POST /chat/completions streamed (midStreamError 502) chunk 2:"
                        + " error.metadata.error_type is required but missing"))
                .anyMatch(line -> line.startsWith("MISMATCH SDK models.list: ResponseValidationError"))
                .anyMatch(line -> line.startsWith("MISMATCH SDK chat.send: ResponseValidationError"));
    }

    private static SdkConformance.Result check(String... options) {
        String[] arguments = new String[3 + options.length];
        arguments[0] = "sandbox";
        arguments[1] = sandbox.baseUrl().toString();
        arguments[2] = sandbox.apiKey().reveal();
        System.arraycopy(options, 0, arguments, 3, options.length);
        return SdkConformance.run(arguments);
    }
}
