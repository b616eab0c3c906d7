package dev.creor.provider.openrouter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenRouterSandboxTest extends SandboxWireTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void listensOnLoopbackAndFreesThePortOnCloseTwice() throws IOException {
        OpenRouterSandbox own = OpenRouterSandbox.start();
        int port = own.port();
        assertThat(own.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + port + "/api/v1");
        assertThat(own.providerOptions()).containsExactly(java.util.Map.entry("baseURL", own.baseUrl().toString()));
        assertThat(own.apiKey()).isEqualTo(OpenRouterSandbox.DEFAULT_API_KEY);
        assertThat(own.apiKey().reveal()).matches("sk-or-v1-[0-9a-f]{64}");
        assertThat(own.toString()).doesNotContain(own.apiKey().reveal());

        own.close();
        own.close();

        try (ServerSocket reuse = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aTakenPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> OpenRouterSandbox.builder().port(taken.getLocalPort()).start())
                    .isInstanceOfSatisfying(CreorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + taken.getLocalPort());
                        assertThat(e.hint()).isPresent();
                    });
        }
    }

    @Test
    void acceptsOnlyItsOwnKey() {
        OpenRouterSandbox custom = OpenRouterSandbox.builder().apiKey(Secret.of("sk-or-v1-custom-test-key-0001")).start();
        try {
            SandboxClient customClient = new SandboxClient(custom);
            assertThat(customClient.chat(SandboxClient.chatBody("openai/gpt-4o", "hi", false)).status()).isEqualTo(200);
        } finally {
            custom.close();
        }

        SandboxClient.Answer missing = client.send(client.request("/chat/completions")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SandboxClient.chatBody("openai/gpt-4o", "hi", false)))
                .build());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("error").path("code").asInt()).isEqualTo(401);
        assertThat(missing.json().path("error").path("message").asText()).isEqualTo("No auth credentials found");

        String wrongKey = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000001";
        SandboxClient.Answer wrong = client.chat(SandboxClient.chatBody("openai/gpt-4o", "hi", false),
                "Authorization", "Bearer " + wrongKey);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(wrongKey).doesNotContain("0001");
        assertThat(wrong.json().path("error").path("message").asText()).isEqualTo("User not found.");
        assertThat(wrong.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void servesTheModelCatalogueWithDecimalStringPrices() {
        SandboxClient.Answer models = client.send(client.request("/models").GET().build());

        assertThat(models.status()).isEqualTo(200);
        JsonNode data = models.json().path("data");
        List<String> ids = new ArrayList<>();
        data.forEach(model -> ids.add(model.path("id").asText()));
        assertThat(ids).contains("anthropic/claude-sonnet-4", "openai/gpt-4o", "openai/o3", "google/gemini-2.5-flash",
                "meta-llama/llama-3.3-70b-instruct:free", "openrouter/auto").hasSizeGreaterThan(40);
        assertThat(ids.stream().map(id -> id.substring(0, id.indexOf('/'))).distinct()).hasSizeGreaterThan(12);
        assertThat(models.json().path("total_count").asInt()).isEqualTo(ids.size());
        assertThat(models.json().path("links").path("next").isNull()).isTrue();
        JsonNode sonnet = data.get(ids.indexOf("anthropic/claude-sonnet-4"));
        assertThat(sonnet.path("pricing").path("prompt").isTextual()).isTrue();
        assertThat(sonnet.path("pricing").path("prompt").asText()).isEqualTo("0.000003");
        assertThat(sonnet.path("context_length").asInt()).isEqualTo(200000);
        assertThat(sonnet.path("top_provider").path("max_completion_tokens").asInt()).isEqualTo(64000);
        assertThat(sonnet.path("architecture").path("input_modalities").isArray()).isTrue();
        assertThat(sonnet.path("supported_parameters").toString()).contains("\"tools\"", "\"reasoning\"");
        assertThat(sonnet.path("links").path("details").asText()).isEqualTo("/api/v1/models/anthropic/claude-sonnet-4/endpoints");
        assertThat(sonnet.has("supported_voices")).isTrue();
    }

    @Test
    void filtersModelsBySupportedParameters() {
        JsonNode data = client.get("/models?supported_parameters=tools,reasoning").json().path("data");

        assertThat(data).isNotEmpty();
        data.forEach(model -> assertThat(model.path("supported_parameters").toString()).contains("\"tools\"", "\"reasoning\""));
        assertThat(data.size()).isLessThan(client.get("/models").json().path("data").size());
    }

    @Test
    void answersKeyInfoWithoutRevealingTheKey() {
        SandboxClient.Answer key = client.get("/key");

        assertThat(key.status()).isEqualTo(200);
        assertThat(key.body()).doesNotContain(sandbox.apiKey().reveal());
        JsonNode data = key.json().path("data");
        assertThat(data.path("label").asText()).isEqualTo(sandbox.apiKey().masked());
        assertThat(data.path("limit").decimalValue()).isEqualByComparingTo("25");
        assertThat(data.path("is_free_tier").asBoolean(true)).isFalse();
        assertThat(data.has("usage")).isTrue();
        assertThat(data.has("limit_remaining")).isTrue();

        assertThat(client.get("/auth/key").status()).isEqualTo(200);
        assertThat(client.get("/key", "Authorization", "Bearer sk-or-v1-wrong-key-but-long-enough").status()).isEqualTo(401);
    }

    @Test
    void keyCountsTheRequestsToFreeModels() {
        JsonNode before = client.get("/key").json().path("data").path("free_model_daily_requests");
        client.chat(SandboxClient.chatBody("meta-llama/llama-3.3-70b-instruct:free", "free, please", false));
        client.chat(SandboxClient.chatBody("openai/gpt-4o", "not free", false));

        JsonNode after = client.get("/key").json().path("data").path("free_model_daily_requests");
        assertThat(after.path("limit").asInt()).isEqualTo(1000);
        assertThat(after.path("used").asInt()).isEqualTo(before.path("used").asInt() + 1);
        assertThat(after.path("remaining").asInt()).isEqualTo(1000 - after.path("used").asInt());
    }

    @Test
    void keyUsageGrowsWithTheCostOfAnswers() {
        java.math.BigDecimal before = client.get("/key").json().path("data").path("usage").decimalValue();
        JsonNode answer = client.chat(SandboxClient.chatBody("openai/gpt-4o", "count my cost", false)).json();

        java.math.BigDecimal after = client.get("/key").json().path("data").path("usage").decimalValue();
        assertThat(after.subtract(before)).isEqualByComparingTo(answer.path("usage").path("cost").decimalValue());
    }

    @Test
    void answersTheStatsOfARecordedGeneration() {
        JsonNode answer = client.chat(SandboxClient.chatBody("anthropic/claude-sonnet-4", "stats please", false)).json();
        String id = answer.path("id").asText();

        JsonNode generation = client.get("/generation?id=" + id).json().path("data");

        assertThat(generation.path("id").asText()).isEqualTo(id);
        assertThat(generation.path("model").asText()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(generation.path("provider_name").asText()).isEqualTo("Anthropic");
        assertThat(generation.path("total_cost").decimalValue()).isEqualByComparingTo(answer.path("usage").path("cost").decimalValue());
        assertThat(generation.path("tokens_prompt").asLong()).isEqualTo(answer.path("usage").path("prompt_tokens").asLong());
        assertThat(generation.path("streamed").asBoolean(true)).isFalse();
        assertThat(generation.path("cancelled").asBoolean(true)).isFalse();
        assertThat(generation.path("finish_reason").asText()).isEqualTo("stop");

        assertThat(client.get("/generation?id=gen-unknown").status()).isEqualTo(404);
        assertThat(client.get("/generation").status()).isEqualTo(400);
        assertThat(client.get("/generation?id=" + id, "Authorization", "Bearer nope-nope-nope-nope").status()).isEqualTo(401);
    }

    @Test
    void unknownPathsAndMethodsGetJsonErrors() {
        assertThat(client.get("/nothing-here").status()).isEqualTo(404);
        assertThat(client.get("/chat/completions").status()).isEqualTo(405);
        assertThat(client.get("/chat/completions").json().path("error").path("code").asInt()).isEqualTo(405);
    }

    @Test
    void recordsEveryRequestWithHeadersBodyModelAndTime() {
        java.time.Instant before = java.time.Instant.now();
        client.chat("{\"model\":\"openai/gpt-4o\",\"temperature\":0.2,\"user\":null,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "HTTP-Referer", "https://creor.dev", "X-Title", "Creor");
        client.get("/models?supported_parameters=tools");

        RecordedRequest chat = sandbox.awaitRequest(0, WAIT);
        assertThat(chat.index()).isZero();
        assertThat(chat.method()).isEqualTo("POST");
        assertThat(chat.path()).isEqualTo("/api/v1/chat/completions");
        assertThat(chat.model()).contains("openai/gpt-4o");
        assertThat(chat.header("x-title")).contains("Creor");
        assertThat(chat.header("HTTP-Referer")).contains("https://creor.dev");
        assertThat(chat.headers()).containsKey("http-referer");
        assertThat(chat.header("Authorization")).contains("Bearer " + sandbox.apiKey().reveal());
        assertThat(chat.body()).containsEntry("temperature", 0.2).doesNotContainKey("user");
        assertThat(chat.body().get("messages")).isEqualTo(List.of(java.util.Map.of("role", "user", "content", "hi")));
        assertThat(chat.rawBody()).contains("\"user\":null");
        assertThat(chat.time()).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(chat.toString()).contains("POST", "openai/gpt-4o").doesNotContain(sandbox.apiKey().reveal());

        RecordedRequest models = sandbox.awaitRequest(1, WAIT);
        assertThat(models.query()).isEqualTo("supported_parameters=tools");
        assertThat(models.queryParameter("supported_parameters")).contains("tools");
        assertThat(models.model()).isEmpty();
        assertThat(models.body()).isEmpty();
        assertThat(sandbox.requests()).hasSize(2);
    }

    @Test
    void awaitingARequestThatNeverComesFailsClearly() {
        assertThatThrownBy(() -> sandbox.awaitRequest(0, Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("request #0 did not arrive");
    }

    @Test
    void clearingRequestsRestartsTheirIndexes() {
        client.get("/models");
        client.get("/key");
        sandbox.awaitRequest(1, WAIT);
        sandbox.clearRequests();
        client.get("/key");

        RecordedRequest first = sandbox.awaitRequest(0, WAIT);
        assertThat(first.index()).isZero();
        assertThat(first.path()).isEqualTo("/api/v1/key");
        assertThat(sandbox.requests()).containsExactly(first);
    }
}
