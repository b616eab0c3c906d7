package dev.creor.provider.openrouter.sandbox;

import static dev.creor.provider.openrouter.sandbox.SandboxClient.chatBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptFileAndStartTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aScriptFileScriptsModelsAndTheWildcard() throws IOException {
        Path script = write("script.json", """
                {
                  // comments are allowed
                  "models": {
                    "openai/gpt-4o": [{"status": 503, "retryAfter": 1, "times": 2}, {"reply": "ok"}],
                    "*": [{"reply": "anything else"}]
                  }
                }
                """);
        try (OpenRouterSandbox sandbox = OpenRouterSandbox.builder().script(script).start()) {
            SandboxClient client = new SandboxClient(sandbox);

            assertThat(client.chat(chatBody("openai/gpt-4o", "1", false)).status()).isEqualTo(503);
            assertThat(client.chat(chatBody("openai/gpt-4o", "2", false)).header("retry-after")).isEqualTo("1");
            assertThat(client.chat(chatBody("openai/gpt-4o", "3", false)).json().path("choices").path(0)
                    .path("message").path("content").asText()).isEqualTo("ok");
            assertThat(client.chat(chatBody("google/gemini-2.5-flash", "4", false)).json().path("choices").path(0)
                    .path("message").path("content").asText()).isEqualTo("anything else");

            sandbox.clearScripts();
            assertThat(client.chat(chatBody("google/gemini-2.5-flash", "5", false)).json().path("choices").path(0)
                    .path("message").path("content").asText()).startsWith("Hello from the Creor sandbox");
        }
    }

    @Test
    void theScriptFileDocumentedInDocsSandboxMdIsValid() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "sandbox.md"), StandardCharsets.UTF_8);
        int start = page.indexOf("```jsonc\n{\n  \"models\"");
        assertThat(start).as("the script file example in docs/sandbox.md").isNotNegative();
        String example = page.substring(page.indexOf('\n', start) + 1, page.indexOf("```", start + 3));

        try (OpenRouterSandbox sandbox = OpenRouterSandbox.builder().script(write("documented.jsonc", example)).start()) {
            SandboxClient client = new SandboxClient(sandbox);
            assertThat(client.chat(chatBody("openai/gpt-4o", "x", false)).status()).isEqualTo(503);
            assertThat(client.chat(chatBody("openai/o3", "x", false)).status()).isEqualTo(403);
            assertThat(client.chat(chatBody("openai/gpt-4o-mini", "x", false)).json().path("choices").path(0)
                    .path("message").path("tool_calls").path(0).path("function").path("arguments").asText())
                    .isEqualTo("{\"city\":\"Zürich\"}");
        }
    }

    @Test
    void anInvalidScriptFileIsAConfigErrorThatSaysWhere() throws IOException {
        Path script = write("bad.json", "{\"models\": {\"openai/gpt-4o\": [{\"reply\": \"ok\"}, {\"statsu\": 503}]}}");

        assertThatThrownBy(() -> OpenRouterSandbox.builder().script(script).start())
                .isInstanceOfSatisfying(CreorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).isEqualTo("the sandbox script " + script + " is invalid: "
                            + "models[\"openai/gpt-4o\"][1]: unknown key \"statsu\" (did you mean \"status\"?); a step's keys are "
                            + String.join(", ", ScriptReader.STEP_KEYS));
                    assertThat(e.hint()).get().asString().contains("docs/sandbox.md");
                });
    }

    @Test
    void scriptFileSyntaxErrorsGiveTheLineAndColumn() throws IOException {
        Path script = write("broken.json", "{\n  \"models\": {\n    \"x\": [ {\"reply\": } ]\n  }\n}\n");

        assertThatThrownBy(() -> OpenRouterSandbox.builder().script(script).start())
                .isInstanceOfSatisfying(CreorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains("line 3, column");
                });
        Path wrongTop = write("top.json", "{\"model\": {}}");
        assertThatThrownBy(() -> OpenRouterSandbox.builder().script(wrongTop).start())
                .hasMessageContaining("unknown top-level key \"model\" (did you mean \"models\"?)");
    }

    @Test
    void aMissingScriptFileIsAnIoError() {
        Path missing = dir.resolve("missing.json");

        assertThatThrownBy(() -> OpenRouterSandbox.builder().script(missing).start())
                .isInstanceOfSatisfying(CreorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR);
                    assertThat(e.getMessage()).contains(missing.toString(), "does not exist");
                });
    }

    @Test
    void aSandboxStartedWithAScriptAnswersFromItAndFreesItsPortWhenClosed() throws Exception {
        Path script = write("launch.json", "{\"models\": {\"*\": [{\"reply\": \"launched\"}]}}");

        int port;
        try (OpenRouterSandbox sandbox = OpenRouterSandbox.builder().script(script).start()) {
            port = sandbox.port();
            assertThat(sandbox.providerOptions()).isEqualTo(Map.of("baseURL", "http://127.0.0.1:" + port + "/api/v1"));
            assertThat(sandbox.baseUrl().toString()).isEqualTo(sandbox.providerOptions().get("baseURL"));
            assertThat(sandbox.apiKey()).isEqualTo(OpenRouterSandbox.DEFAULT_API_KEY);
            assertThat(new SandboxClient(sandbox).chat(chatBody("openai/gpt-4o", "x", false)).json().path("choices").path(0)
                    .path("message").path("content").asText()).isEqualTo("launched");
        }
        try (ServerSocket reuse = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aFailedAsynchronousStartFailsTheStage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> OpenRouterSandbox.builder().port(taken.getLocalPort()).startAsync()
                    .toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(CreorException.class);
        }
    }

    @Test
    void aSandboxOnASharedVertxLeavesItRunning() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            OpenRouterSandbox sandbox = OpenRouterSandbox.builder().vertx(vertx).startAsync()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(new SandboxClient(sandbox).get("/key").status()).isEqualTo(200);
            sandbox.close();

            assertThat(vertx.timer(1).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRecordLimitKeepsOnlyTheMostRecentRequests() {
        try (OpenRouterSandbox sandbox = OpenRouterSandbox.builder().recordLimit(2).start()) {
            SandboxClient client = new SandboxClient(sandbox);
            client.get("/models?n=0");
            client.get("/models?n=1");
            client.get("/models?n=2");

            assertThat(sandbox.awaitRequest(2, Duration.ofSeconds(5)).query()).isEqualTo("n=2");
            assertThat(sandbox.requests()).extracting(RecordedRequest::index).containsExactly(1, 2);
            assertThatThrownBy(() -> sandbox.awaitRequest(0, Duration.ofSeconds(5)))
                    .hasMessageContaining("no longer kept: the sandbox keeps the last 2");
        }
    }
}
