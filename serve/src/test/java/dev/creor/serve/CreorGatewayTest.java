package dev.creor.serve;

import static dev.creor.serve.GatewayFixture.MODEL;
import static dev.creor.serve.GatewayFixture.chat;
import static dev.creor.serve.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over loopback, with the OpenRouter sandbox upstream: auth, listing, whole answers, errors, limits. */
class CreorGatewayTest {
    @TempDir
    Path home;

    private GatewayFixture fixture;

    @BeforeEach
    void start() {
        fixture = new GatewayFixture(home);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void everyRequestNeedsTheToken() {
        HttpResponse<String> missing = fixture.send(HttpRequest.newBuilder(fixture.base.resolve("/healthz")));
        HttpResponse<String> wrong = fixture.send(HttpRequest.newBuilder(fixture.base.resolve("/v1/models"))
                .header("Authorization", "Bearer not-the-token-at-all-0000"));
        HttpResponse<String> right = fixture.send(fixture.request("/healthz"));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing.body()).path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong.body()).path("error").path("message").asText()).contains("not this gateway's");
        assertThat(wrong.body()).doesNotContain(GatewayFixture.TOKEN);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(json(right.body()).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void modelsListsEveryAgentAndEveryAllowedModel() {
        HttpResponse<String> answer = fixture.send(fixture.request("/v1/models"));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = json(answer.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        List<String> ids = StreamSupport.stream(body.path("data").spliterator(), false)
                .map(model -> model.path("id").asText()).toList();
        assertThat(ids).contains("agent/build", "agent/plan", "agent/explore", MODEL, GatewayFixture.OTHER_MODEL)
                .doesNotContain("openrouter/openai/gpt-5");
        assertThat(body.path("data").get(0).path("object").asText()).isEqualTo("model");
    }

    @Test
    void aWholeAnswerComesInOpenRoutersShapeWithTheRoute() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.reply("Hello from the sandbox"));

        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions",
                "{\"model\": \"" + MODEL + "\", \"temperature\": 0.3, \"max_tokens\": 50,"
                        + " \"provider\": {\"order\": [\"OpenAI\"]}, \"messages\": [{\"role\": \"system\", \"content\": \"Be brief\"},"
                        + " {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Say hello\"}]}]}"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json(answer.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hello from the sandbox");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.path("usage").path("cost").isNumber()).as(answer.body()).isTrue();
        assertThat(body.path("usage").path("total_tokens").asLong()).isPositive();
        assertThat(body.path("creor").path("route").path("attempts").get(0).path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(answer.headers().firstValue("X-Creor-Route")).hasValue(MODEL + " SUCCEEDED");
        Map<String, Object> sent = lastChatRequest().body();
        assertThat(sent).containsEntry("temperature", 0.3).containsEntry("max_tokens", 50)
                .containsEntry("provider", Map.of("order", List.of("OpenAI")));
    }

    @Test
    void imagesAndReasoningDetailsPassThroughToTheProviderUnchanged() {
        String detail = "{\"type\":\"reasoning.encrypted\",\"data\":\"Ct+sig/==\",\"id\":\"call_1\",\"index\":0}";
        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", "{\"model\": \"" + MODEL
                + "\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"What is this?\"},"
                + " {\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,iVBORw==\"}}]},"
                + " {\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\","
                + " \"function\": {\"name\": \"look\", \"arguments\": \"{}\"}}], \"reasoning_details\": [" + detail + "]},"
                + " {\"role\": \"tool\", \"tool_call_id\": \"call_1\", \"content\": \"a cat\"}]}"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String sent = lastChatRequest().rawBody();
        assertThat(sent).contains("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw==\"}}");
        assertThat(sent).contains("\"reasoning_details\":[" + detail + "]");
    }

    @Test
    void anAgentAnswersWithItsOwnModel() {
        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", chat("agent/build", false)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(lastChatRequest().model()).hasValue("openai/gpt-5-mini");
    }

    @Test
    void anUnknownModelIs404WithDidYouMean() {
        HttpResponse<String> typo = fixture.send(fixture.post("/v1/chat/completions", chat("openrouter/openai/gpt-5-mnii", false)));
        HttpResponse<String> bare = fixture.send(fixture.post("/v1/chat/completions", chat("claude-haiku-4.5", false)));
        HttpResponse<String> agent = fixture.send(fixture.post("/v1/chat/completions", chat("agent/biuld", false)));
        HttpResponse<String> excluded = fixture.send(fixture.post("/v1/chat/completions", chat("openrouter/openai/gpt-5", false)));

        assertThat(typo.statusCode()).isEqualTo(404);
        JsonNode error = json(typo.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("MODEL_NOT_FOUND");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("did you mean \"" + MODEL + "\"");
        assertThat(json(bare.body()).path("error").path("message").asText())
                .contains("did you mean \"" + GatewayFixture.OTHER_MODEL + "\"");
        assertThat(agent.statusCode()).isEqualTo(404);
        assertThat(json(agent.body()).path("error").path("message").asText()).contains("did you mean \"agent/build\"");
        assertThat(excluded.statusCode()).isEqualTo(404);
        assertThat(chatRequests()).as("nothing unknown goes upstream").isEmpty();
    }

    @Test
    void anUpstreamFailureKeepsOpenAisErrorShapeWithCreorsCode() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.status(402));

        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", chat(MODEL, false)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(402);
        JsonNode error = json(answer.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(answer.headers().firstValue("X-Creor-Route")).hasValueSatisfying(route ->
                assertThat(route).startsWith(MODEL + " FAILED INSUFFICIENT_CREDITS"));
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        HttpResponse<String> notJson = fixture.send(fixture.post("/v1/chat/completions", "{\"model\": "));
        HttpResponse<String> noMessages = fixture.send(fixture.post("/v1/chat/completions", "{\"model\": \"" + MODEL + "\"}"));
        HttpResponse<String> image = fixture.send(fixture.post("/v1/chat/completions", "{\"model\": \"" + MODEL
                + "\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"x\"}}]}]}"));
        HttpResponse<String> wrongMethod = fixture.send(fixture.request("/v1/chat/completions"));
        HttpResponse<String> nowhere = fixture.send(fixture.request("/v1/embeddings"));

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson.body()).path("error").path("message").asText()).startsWith("the body is not JSON");
        assertThat(json(noMessages.body()).path("error").path("message").asText()).contains("\"messages\"");
        assertThat(json(image.body()).path("error").path("message").asText()).contains("messages[0].content[0]", "image_url");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(nowhere.statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        fixture.close();
        fixture = new GatewayFixture(home, gateway -> gateway.maxRequestBodyBytes(4096));

        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions",
                "{\"model\": \"" + MODEL + "\", \"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(5000) + "\"}]}"));

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(json(answer.body()).path("error").path("message").asText()).contains("larger than 4096 bytes");
    }

    @Test
    void answersBeyondTheConcurrencyLimitAreRefusedWith429() throws Exception {
        fixture.close();
        fixture = new GatewayFixture(home, gateway -> gateway.maxConcurrentRequests(1));
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.stallBeforeHeaders());
        var first = fixture.http.sendAsync(fixture.post("/v1/chat/completions", chat(MODEL, false)).build(),
                HttpResponse.BodyHandlers.ofString());
        fixture.sandbox.awaitRequest(firstChatRequestIndex(), Duration.ofSeconds(10));

        HttpResponse<String> second = fixture.send(fixture.post("/v1/chat/completions", chat(MODEL, false)));

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(json(second.body()).path("error").path("code").asText()).isEqualTo("QUEUE_FULL");
        first.cancel(true);
    }

    @Test
    void aGeneratedTokenIsRefusedOffLoopback() {
        try (CreorGateway exposed = CreorGateway.builder(fixture.creor, GatewayToken.generate(new SecureRandom()))
                .host("0.0.0.0").port(0).build()) {
            assertThatThrownBy(exposed::start).isInstanceOfSatisfying(CreorException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                assertThat(error.getMessage()).contains("0.0.0.0");
                assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("CREOR_SERVER_TOKEN"));
            });
        }
    }

    @Test
    void theTokenNeverShowsInToString() {
        assertThat(GatewayToken.chosen(GatewayFixture.TOKEN).toString()).doesNotContain(GatewayFixture.TOKEN);
        assertThat(fixture.gateway.toString()).doesNotContain(GatewayFixture.TOKEN);
        assertThatThrownBy(() -> GatewayToken.chosen("short")).isInstanceOf(CreorException.class)
                .hasMessageContaining("at least 16");
    }

    private int firstChatRequestIndex() {
        for (int index = 0; ; index++) {
            RecordedRequest request = fixture.sandbox.awaitRequest(index, Duration.ofSeconds(10));
            if (request.path().endsWith("/chat/completions")) {
                return index;
            }
        }
    }

    private List<RecordedRequest> chatRequests() {
        List<RecordedRequest> chats = new ArrayList<>();
        for (RecordedRequest request : fixture.sandbox.requests()) {
            if (request.path().endsWith("/chat/completions")) {
                chats.add(request);
            }
        }
        return chats;
    }

    private RecordedRequest lastChatRequest() {
        List<RecordedRequest> chats = chatRequests();
        assertThat(chats).isNotEmpty();
        return chats.get(chats.size() - 1);
    }
}
