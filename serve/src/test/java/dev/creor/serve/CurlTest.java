package dev.creor.serve;

import static dev.creor.serve.GatewayFixture.MODEL;
import static dev.creor.serve.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.testkit.Subprocess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway driven by curl, the way docs/serve.md shows it. */
class CurlTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    /** The status and body of one curl call. */
    private record Answer(int status, String body) {
        JsonNode json() {
            return GatewayFixture.json(body);
        }
    }

    private Answer curl(String token, String path, String body) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-N", "--max-time", "30",
                "-H", "Authorization: Bearer " + token, "-w", "\n%{http_code}"));
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "-d", body));
        }
        command.add(fixture.base + path);
        Subprocess.Result outcome = Subprocess.run(command, Path.of("."), Duration.ofMinutes(1), "curl on the PATH");
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        String output = outcome.output().stripTrailing();
        int split = output.lastIndexOf('\n');
        return new Answer(Integer.parseInt(output.substring(split + 1)), output.substring(0, Math.max(0, split)).stripTrailing());
    }

    @Test
    void listsTheModels() {
        Answer answer = curl(GatewayFixture.TOKEN, "/models", null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"id\":\"agent/build\"", "\"id\":\"" + MODEL + "\"");
    }

    @Test
    void chats() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.reply("Hello from the sandbox"));

        Answer answer = curl(GatewayFixture.TOKEN, "/chat/completions", GatewayFixture.chat("agent/build", false));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Hello from the sandbox");
    }

    @Test
    void streams() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.textChunks(4));

        Answer answer = curl(GatewayFixture.TOKEN, "/chat/completions", GatewayFixture.chat(MODEL, true));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).startsWith("data: {").contains("\"finish_reason\":\"stop\"", "\"cost\":")
                .endsWith("data: [DONE]");
    }

    @Test
    void runsAToolCallLoop() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.toolCall("get_weather", "{\"city\":\"Paris\"}"),
                SandboxBehaviour.reply("It is sunny in Paris"));
        String tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\":"
                + " {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}}]";
        String question = "{\"role\": \"user\", \"content\": \"Weather in Paris?\"}";

        Answer first = curl(GatewayFixture.TOKEN, "/chat/completions", "{\"model\": \"" + MODEL + "\", " + tools
                + ", \"messages\": [" + question + "]}");
        JsonNode call = first.json().path("choices").get(0).path("message").path("tool_calls").get(0);
        Answer second = curl(GatewayFixture.TOKEN, "/chat/completions", "{\"model\": \"" + MODEL + "\", " + tools
                + ", \"messages\": [" + question + ", " + first.json().path("choices").get(0).path("message")
                + ", {\"role\": \"tool\", \"tool_call_id\": \"" + call.path("id").asText()
                + "\", \"content\": \"sunny\"}]}");

        assertThat(first.json().path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(second.json().path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("It is sunny in Paris");
    }

    @Test
    void killingCurlMidStreamCancelsTheUpstreamRequest() throws Exception {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.stallAfterChunks(2));
        Process curl = new ProcessBuilder("curl", "-sS", "-N", "-H", "Authorization: Bearer " + GatewayFixture.TOKEN,
                "-H", "Content-Type: application/json", "-d", GatewayFixture.chat(MODEL, true),
                fixture.base + "/chat/completions").redirectErrorStream(true).start();
        try {
            readUntil(curl.getInputStream(), "\"content\"");
            assertThat(fixture.sandbox.inFlightRequests()).isEqualTo(1);
        } finally {
            curl.destroy();
            curl.waitFor(10, TimeUnit.SECONDS);
        }

        fixture.sandbox.awaitOpenConnections(0, WAIT);
        assertThat(fixture.sandbox.inFlightRequests()).isZero();
        fixture.awaitGatewayIdle(WAIT);
    }

    @Test
    void aWrongTokenIs401() {
        Answer answer = curl("not-the-token-0000000000", "/models", null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("error").path("type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void anUnknownModelIs404WithDidYouMean() {
        Answer answer = curl(GatewayFixture.TOKEN, "/chat/completions", GatewayFixture.chat("openai/gpt-5-mini", false));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(json(answer.body()).path("error").path("message").asText()).contains("did you mean \"" + MODEL + "\"");
    }

    private static void readUntil(InputStream in, String text) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            while (!received.toString(StandardCharsets.UTF_8).contains(text)) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IllegalStateException("curl ended before \"" + text + "\": " + received);
                }
                received.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
