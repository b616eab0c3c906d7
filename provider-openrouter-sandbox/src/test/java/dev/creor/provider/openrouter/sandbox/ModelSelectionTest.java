package dev.creor.provider.openrouter.sandbox;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.latency;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static dev.creor.provider.openrouter.sandbox.SandboxClient.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which model answers: the {@code models} fallbacks, the auto router, and per-request scripts. */
class ModelSelectionTest extends SandboxWireTest {
    private static String withFallbacks(String model, String... fallbacks) {
        return "{\"model\":\"" + model + "\",\"models\":[\"" + String.join("\",\"", fallbacks) + "\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    @Test
    void aModelLevelFailureMovesToTheNextModelInTheSameRequest() {
        sandbox.script("anthropic/claude-sonnet-4", status(503));

        SandboxClient.Answer answer = client.chat(withFallbacks("anthropic/claude-sonnet-4", "openai/gpt-4o"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(answer.json().path("provider").asText()).isEqualTo("OpenAI");
        BigDecimal gpt4oCost = new BigDecimal("0.0000025").multiply(answer.json().path("usage").path("prompt_tokens").decimalValue())
                .add(new BigDecimal("0.00001").multiply(answer.json().path("usage").path("completion_tokens").decimalValue()));
        assertThat(answer.json().path("usage").path("cost").decimalValue()).isEqualByComparingTo(gpt4oCost);
        assertThat(sandbox.requests()).hasSize(1);
    }

    @Test
    void everyModelLevelStatusFallsBack() {
        for (int status : new int[] {404, 413, 422, 429, 500, 502, 503, 504, 524, 529}) {
            sandbox.script("openai/gpt-4o", status(status));
            assertThat(client.chat(withFallbacks("openai/gpt-4o", "google/gemini-2.5-flash")).json().path("model").asText())
                    .as("after %d", status).isEqualTo("google/gemini-2.5-flash");
        }
    }

    @Test
    void requestLevelErrorsDoNotFallBack() {
        for (int status : new int[] {400, 401, 402, 403, 408}) {
            sandbox.script("openai/gpt-4o", status(status));
            assertThat(client.chat(withFallbacks("openai/gpt-4o", "google/gemini-2.5-flash")).status())
                    .as("status %d", status).isEqualTo(status);
        }
    }

    @Test
    void whenEveryModelFailsTheLastErrorIsTheAnswer() {
        sandbox.script("openai/gpt-4o", status(503));
        sandbox.script("google/gemini-2.5-flash", status(429).retryAfterSeconds(7));

        SandboxClient.Answer answer = client.chat(withFallbacks("openai/gpt-4o", "google/gemini-2.5-flash"));

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.header("retry-after")).isEqualTo("7");
        assertThat(answer.json().path("error").path("metadata").path("provider_name").asText()).isEqualTo("Google");
    }

    @Test
    void eachAttemptConsumesAStepOfItsModelsScriptAndAddsItsLatency() {
        sandbox.script("openai/gpt-4o", status(502).and(latency(Duration.ofMillis(60))), reply("second time lucky"));
        sandbox.script("google/gemini-2.5-flash", status(503).and(latency(Duration.ofMillis(60))));

        long start = System.nanoTime();
        SandboxClient.Answer first = client.chat(withFallbacks("openai/gpt-4o", "google/gemini-2.5-flash", "openai/o3"));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(first.json().path("model").asText()).isEqualTo("openai/o3");
        assertThat(elapsed).isGreaterThanOrEqualTo(110);
        JsonNode second = client.chat(withFallbacks("openai/gpt-4o", "google/gemini-2.5-flash")).json();
        assertThat(second.path("model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(second.path("choices").path(0).path("message").path("content").asText()).isEqualTo("second time lucky");
    }

    @Test
    void modelsAloneNameThePrimaryFirst() {
        JsonNode answer = client.chat("{\"models\":[\"google/gemini-2.5-pro\",\"openai/gpt-4o\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").json();

        assertThat(answer.path("model").asText()).isEqualTo("google/gemini-2.5-pro");
    }

    @Test
    void aPromptOverTheModelsContextWindowIsA400AsOpenRouterSendsItOrFallsBackToABiggerWindow() {
        // microsoft/phi-4's window is 16,384 tokens; a token per four characters, seven more for the framing.
        String fits = "x".repeat(4 * (16_384 - 7));
        String tooLong = fits + "xxxx";
        String alone = "{\"model\":\"microsoft/phi-4\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

        SandboxClient.Answer refused = client.chat(alone.formatted(tooLong));
        SandboxClient.Answer accepted = client.chat(alone.formatted(fits));
        SandboxClient.Answer fellBack = client.chat("{\"model\":\"microsoft/phi-4\",\"models\":[\"openai/gpt-4o\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + tooLong + "\"}]}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").path("code").asInt()).isEqualTo(400);
        assertThat(refused.json().path("error").path("message").asText()).isEqualTo("This endpoint's maximum context"
                + " length is 16384 tokens. However, you requested about 16385 tokens (16385 of text input). Please"
                + " reduce the length of either one, or use the \"middle-out\" transform to compress your prompt"
                + " automatically.");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().path("usage").path("prompt_tokens").asLong()).isEqualTo(16_384);
        assertThat(fellBack.json().path("model").asText()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void anInvalidFallbackIdIsABadRequest() {
        SandboxClient.Answer answer = client.chat(withFallbacks("openai/gpt-4o", "acme/imaginary"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("message").asText()).isEqualTo("acme/imaginary is not a valid model ID");
    }

    @Test
    void toolsOnAModelWithoutToolSupportFindNoEndpointAndFallBack() {
        String body = "{\"model\":\"deepseek/deepseek-r1\",\"models\":[\"openai/gpt-4o\"],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"ls\",\"parameters\":{}}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

        assertThat(client.chat(body).json().path("model").asText()).isEqualTo("openai/gpt-4o");
        SandboxClient.Answer alone = client.chat(body.replace(",\"models\":[\"openai/gpt-4o\"]", ""));
        assertThat(alone.status()).isEqualTo(404);
        assertThat(alone.json().path("error").path("message").asText()).startsWith("No endpoints found that support tool use");
    }

    @Test
    void theAutoRouterPicksAModelByThePromptAndNamesIt() {
        JsonNode code = client.chat(chatBody("openrouter/auto", "Fix this Java function please", false)).json();
        JsonNode plain = client.chat(chatBody("openrouter/auto", "What is the capital of France?", false)).json();
        JsonNode longPrompt = client.chat(chatBody("openrouter/auto", "word ".repeat(300), false)).json();

        assertThat(code.path("model").asText()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(code.path("provider").asText()).isEqualTo("Anthropic");
        assertThat(plain.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(longPrompt.path("model").asText()).isEqualTo("google/gemini-2.5-flash");
        assertThat(plain.path("usage").path("cost").decimalValue()).isPositive();
        assertThat(client.chat(chatBody("openrouter/auto", "What is the capital of France?", false)).json().path("model"))
                .isEqualTo(plain.path("model"));
    }

    @Test
    void theAutoRouterIsScriptedUnderItsOwnId() {
        sandbox.script("openrouter/auto", status(503));

        assertThat(client.chat(chatBody("openrouter/auto", "x", false)).status()).isEqualTo(503);
    }

    @Test
    void aScriptHeaderScriptsThatRequestOnlyOverridingModelScripts() {
        sandbox.script("openai/gpt-4o", reply("from the model script"));
        String header = SandboxBehaviour.scriptHeader(reply("from the header"));

        JsonNode scripted = client.chat(chatBody("openai/gpt-4o", "x", false), OpenRouterSandbox.SCRIPT_HEADER, header).json();
        JsonNode unscripted = client.chat(chatBody("openai/gpt-4o", "x", false)).json();

        assertThat(scripted.path("choices").path(0).path("message").path("content").asText()).isEqualTo("from the header");
        assertThat(unscripted.path("choices").path(0).path("message").path("content").asText()).isEqualTo("from the model script");
    }

    @Test
    void aScriptHeaderGivesEachFallbackAttemptItsNextStep() {
        String header = SandboxBehaviour.scriptHeader(status(503), status(429), reply("third"));

        JsonNode answer = client.chat(withFallbacks("openai/gpt-4o", "google/gemini-2.5-flash", "openai/o3"),
                OpenRouterSandbox.SCRIPT_HEADER, header).json();

        assertThat(answer.path("model").asText()).isEqualTo("openai/o3");
        assertThat(answer.path("choices").path(0).path("message").path("content").asText()).isEqualTo("third");
        assertThat(client.chat(chatBody("openai/gpt-4o", "x", false), OpenRouterSandbox.SCRIPT_HEADER, header).status())
                .as("each request starts the header's script afresh").isEqualTo(503);
    }

    @Test
    void aScriptHeaderMayNameAnyModel() {
        JsonNode answer = client.chat(chatBody("acme/made-up", "x", false), OpenRouterSandbox.SCRIPT_HEADER, "{\"reply\":\"ok\"}").json();

        assertThat(answer.path("model").asText()).isEqualTo("acme/made-up");
    }

    @Test
    void aBadScriptHeaderIsABadRequestThatSaysWhy() {
        SandboxClient.Answer answer = client.chat(chatBody("openai/gpt-4o", "x", false),
                OpenRouterSandbox.SCRIPT_HEADER, "[{\"status\":503,\"tiems\":2}]");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("message").asText())
                .startsWith("X-Creor-Sandbox-Script is not a valid script: [0]: unknown key \"tiems\" (did you mean \"times\"?)");
    }
}
