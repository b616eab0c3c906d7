package dev.creor.provider.openrouter.sandbox;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.textChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxClient.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest extends SandboxWireTest {
    @Test
    void answersJsonWithTheDefaultReplyUsageAndCost() {
        SandboxClient.Answer answer = client.chat(chatBody("anthropic/claude-sonnet-4", "What is   Creor?", false));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("content-type")).isEqualTo("application/json");
        JsonNode json = answer.json();
        assertThat(json.path("id").asText()).matches("gen-\\d+-\\w+");
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.path("model").asText()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(json.path("provider").asText()).isEqualTo("Anthropic");
        JsonNode choice = json.path("choices").path(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText())
                .isEqualTo("Hello from the Creor sandbox (anthropic/claude-sonnet-4). You said: “What is Creor?”. "
                        + "Voilà: café ☕ and déjà vu 🚀.");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.path("native_finish_reason").asText()).isEqualTo("end_turn");

        JsonNode usage = json.path("usage");
        long prompt = usage.path("prompt_tokens").asLong();
        long completion = usage.path("completion_tokens").asLong();
        assertThat(prompt).isPositive();
        assertThat(completion).isEqualTo(ChatCall.tokens(choice.path("message").path("content").asText()));
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(prompt + completion);
        BigDecimal expectedCost = new BigDecimal("0.000003").multiply(BigDecimal.valueOf(prompt))
                .add(new BigDecimal("0.000015").multiply(BigDecimal.valueOf(completion)));
        assertThat(usage.path("cost").decimalValue()).isEqualByComparingTo(expectedCost);
        assertThat(usage.path("cost").isNumber()).isTrue();
    }

    @Test
    void answersAreDeterministic() {
        JsonNode first = client.chat(chatBody("openai/gpt-4o", "same question", false)).json();
        JsonNode second = client.chat(chatBody("openai/gpt-4o", "same question", false)).json();

        assertThat(second.path("choices")).isEqualTo(first.path("choices"));
        assertThat(second.path("usage")).isEqualTo(first.path("usage"));
        assertThat(second.path("id")).isNotEqualTo(first.path("id"));
    }

    @Test
    void streamsSseChunksThenTheUsageChunkThenDone() {
        SandboxClient.Answer answer = client.chat(chatBody("openai/gpt-4o", "stream it", true));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("content-type")).isEqualTo("text/event-stream");
        assertThat(answer.header("transfer-encoding")).isEqualTo("chunked"); // HTTP/1.1 only: no upgrade to h2c
        List<String> events = answer.events();
        assertThat(events).allMatch(event -> event.startsWith("data: "));
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
        assertThat(answer.body()).endsWith("data: [DONE]\n\n");

        List<JsonNode> chunks = answer.chunks();
        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("cost").decimalValue()).isPositive();
        assertThat(usageChunk.path("usage").path("total_tokens").asLong()).isPositive();

        List<JsonNode> contentChunks = chunks.subList(0, chunks.size() - 1);
        assertThat(contentChunks).hasSizeGreaterThan(5).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asText()).isEqualTo("openai/gpt-4o");
            assertThat(chunk.path("provider").asText()).isEqualTo("OpenAI");
            assertThat(chunk.path("id").asText()).isEqualTo(usageChunk.path("id").asText());
            assertThat(chunk.path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
        });
        for (int i = 0; i < contentChunks.size(); i++) {
            JsonNode finish = contentChunks.get(i).path("choices").path(0).path("finish_reason");
            if (i < contentChunks.size() - 1) {
                assertThat(finish.isNull()).isTrue();
            } else {
                assertThat(finish.asText()).isEqualTo("stop");
            }
        }
        assertThat(answer.streamedContent()).isEqualTo(Reply.defaultText("openai/gpt-4o", "stream it"));
        assertThat(answer.streamedContent()).contains("é", "🚀");
    }

    @Test
    void streamOptionsCanTurnTheUsageChunkOff() {
        SandboxClient.Answer answer = client.chat("{\"model\":\"openai/gpt-4o\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":false},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(answer.chunks()).allSatisfy(chunk -> assertThat(chunk.has("usage")).isFalse());
        assertThat(answer.events().get(answer.events().size() - 1)).isEqualTo("data: [DONE]");
    }

    @Test
    void textChunksStreamsExactlyThatManyContentDeltas() {
        sandbox.script("openai/gpt-4o", textChunks(7));

        SandboxClient.Answer answer = client.chat(chatBody("openai/gpt-4o", "seven", true));

        List<JsonNode> content = answer.chunks().stream()
                .filter(chunk -> chunk.path("choices").path(0).path("delta").has("content")).toList();
        assertThat(content).hasSize(7);
        assertThat(content).allSatisfy(chunk ->
                assertThat(chunk.path("choices").path(0).path("delta").path("content").asText()).isNotEmpty());
        assertThat(content.get(6).path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void zeroTextChunksStillFinish() {
        sandbox.script("openai/gpt-4o", textChunks(0));

        List<JsonNode> chunks = client.chat(chatBody("openai/gpt-4o", "nothing", true)).chunks();

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).path("choices").path(0).path("delta").has("content")).isFalse();
        assertThat(chunks.get(0).path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void replyTextIsStreamedWordByWordAndReturnedWhole() {
        sandbox.script("openai/gpt-4o", reply("Un café, s'il vous plaît 🚀"));

        assertThat(client.chat(chatBody("openai/gpt-4o", "order", true)).streamedContent())
                .isEqualTo("Un café, s'il vous plaît 🚀");
        assertThat(client.chat(chatBody("openai/gpt-4o", "order", false)).json()
                .path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Un café, s'il vous plaît 🚀");
    }

    @Test
    void scriptsPlayInOrderRepeatTimesAndRepeatTheLastStep() {
        sandbox.script("openai/gpt-4o", status(503).retryAfterSeconds(2).times(2), reply("ok"));

        SandboxClient.Answer first = client.chat(chatBody("openai/gpt-4o", "1", false));
        SandboxClient.Answer second = client.chat(chatBody("openai/gpt-4o", "2", false));
        SandboxClient.Answer third = client.chat(chatBody("openai/gpt-4o", "3", false));
        SandboxClient.Answer fourth = client.chat(chatBody("openai/gpt-4o", "4", false));

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.header("retry-after")).isEqualTo("2");
        assertThat(first.json().path("error").path("code").asInt()).isEqualTo(503);
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.json().path("choices").path(0).path("message").path("content").asText()).isEqualTo("ok");
        assertThat(fourth.json().path("choices").path(0).path("message").path("content").asText()).isEqualTo("ok");
    }

    @Test
    void scriptsApplyPerModelAndToVariantsOfIt() {
        sandbox.script("openai/gpt-4o", status(429));

        assertThat(client.chat(chatBody("openai/gpt-4o", "x", false)).status()).isEqualTo(429);
        assertThat(client.chat(chatBody("openai/gpt-4o:nitro", "x", false)).status()).isEqualTo(429);
        assertThat(client.chat(chatBody("openai/gpt-4o-mini", "x", false)).status()).isEqualTo(200);

        sandbox.clearScripts();
        assertThat(client.chat(chatBody("openai/gpt-4o", "x", false)).status()).isEqualTo(200);
    }

    @Test
    void theWildcardScriptAppliesToModelsWithoutTheirOwn() {
        sandbox.script("*", status(502));
        sandbox.script("openai/gpt-4o", reply("mine"));

        assertThat(client.chat(chatBody("google/gemini-2.5-flash", "x", false)).status()).isEqualTo(502);
        assertThat(client.chat(chatBody("openai/gpt-4o", "x", false)).status()).isEqualTo(200);
    }

    @Test
    void aScriptMakesAnUnlistedModelIdValid() {
        assertThat(client.chat(chatBody("acme/nonexistent", "x", false)).status()).isEqualTo(400);
        assertThat(client.chat(chatBody("acme/nonexistent", "x", false)).json().path("error").path("message").asText())
                .isEqualTo("acme/nonexistent is not a valid model ID");

        sandbox.script("acme/test-model", reply("scripted"));
        JsonNode answer = client.chat(chatBody("acme/test-model", "x", false)).json();
        assertThat(answer.path("model").asText()).isEqualTo("acme/test-model");
        assertThat(answer.path("choices").path(0).path("message").path("content").asText()).isEqualTo("scripted");
    }

    @Test
    void errorStatusesCarryOpenRouterMetadata() {
        sandbox.script("anthropic/claude-sonnet-4", status(429).retryAfterDate(Instant.parse("2030-01-02T03:04:05Z")));

        SandboxClient.Answer limited = client.chat(chatBody("anthropic/claude-sonnet-4", "x", false));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).isEqualTo("Wed, 2 Jan 2030 03:04:05 GMT");
        JsonNode error = limited.json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(429);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("metadata").path("provider_name").asText()).isEqualTo("Anthropic");
        assertThat(error.path("metadata").path("error_type").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void scriptedErrorDetailsReplaceTheDefaults() {
        sandbox.script("openai/gpt-4o", status(502).message("Upstream exploded").providerName("Azure")
                .errorType("provider_error").raw("{\"type\":\"overloaded_error\"}"));

        JsonNode error = client.chat(chatBody("openai/gpt-4o", "x", false)).json().path("error");

        assertThat(error.path("message").asText()).isEqualTo("Upstream exploded");
        assertThat(error.path("metadata").path("provider_name").asText()).isEqualTo("Azure");
        assertThat(error.path("metadata").path("error_type").asText()).isEqualTo("provider_error");
        assertThat(error.path("metadata").path("raw").asText()).isEqualTo("{\"type\":\"overloaded_error\"}");
    }

    @Test
    void moderationErrorsSayWhatWasFlagged() {
        sandbox.script("openai/gpt-4o", status(403).reasons("violence", "harassment"));
        String longInput = "x".repeat(60) + " something flagged " + "y".repeat(60);

        JsonNode error = client.chat(chatBody("openai/gpt-4o", longInput, false)).json().path("error");

        assertThat(error.path("code").asInt()).isEqualTo(403);
        JsonNode metadata = error.path("metadata");
        assertThat(metadata.path("reasons").toString()).isEqualTo("[\"violence\",\"harassment\"]");
        assertThat(metadata.path("flagged_input").asText()).hasSize(100).contains("...").startsWith("xxx").endsWith("yyy");
        assertThat(metadata.path("provider_name").asText()).isEqualTo("OpenAI");
        assertThat(metadata.path("model_slug").asText()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void clientErrorsCarryNoUpstreamMetadata() {
        sandbox.script("openai/gpt-4o", status(402));

        SandboxClient.Answer answer = client.chat(chatBody("openai/gpt-4o", "x", false));

        assertThat(answer.status()).isEqualTo(402);
        assertThat(answer.json().path("error").has("metadata")).isFalse();
        assertThat(answer.json().path("error").path("message").asText()).contains("credits");
    }

    @Test
    void badRequestsGetOpenRouterStyle400s() {
        assertThat(client.chat("not json").status()).isEqualTo(400);
        assertThat(client.chat("{\"model\":\"openai/gpt-4o\"}").json().path("error").path("message").asText())
                .contains("messages");
        assertThat(client.chat("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status()).isEqualTo(400);
        assertThat(client.chat("{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status()).isEqualTo(400);
    }

    @Test
    void maxTokensAndStopLimitTheReply() {
        JsonNode limited = client.chat("{\"model\":\"openai/gpt-4o\",\"max_tokens\":3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").json();
        assertThat(limited.path("choices").path(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(limited.path("usage").path("completion_tokens").asLong()).isLessThanOrEqualTo(3);

        JsonNode stopped = client.chat("{\"model\":\"openai/gpt-4o\",\"stop\":[\"sandbox\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").json();
        assertThat(stopped.path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Hello from the Creor ");
        assertThat(stopped.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void freeModelsCostNothing() {
        JsonNode answer = client.chat(chatBody("meta-llama/llama-3.3-70b-instruct:free", "free?", false)).json();

        assertThat(answer.path("model").asText()).isEqualTo("meta-llama/llama-3.3-70b-instruct:free");
        assertThat(answer.path("usage").path("cost").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void routingVariantsAnswerAsTheirModel() {
        JsonNode answer = client.chat(chatBody("anthropic/claude-sonnet-4:nitro", "fast", false)).json();

        assertThat(answer.path("model").asText()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(client.chat(chatBody("openai/gpt-4o:free", "x", false)).status()).isEqualTo(400);
    }
}
