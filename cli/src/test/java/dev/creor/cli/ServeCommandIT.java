package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code creor serve} as a real process in front of the OpenRouter sandbox. */
class ServeCommandIT extends SandboxCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern URL = Pattern.compile("Creor gateway: (http://127\\.0\\.0\\.1:(\\d+)/v1)\n");
    private static final Pattern TOKEN = Pattern.compile("Token: (\\S+)  \\(made for this run");
    private static final String CHOSEN = "chosen-token-0123456789abcdef";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private CreorProcess creor() {
        return CreorProcess.inHome(home).in(project).env("OPENROUTER_API_KEY", sandbox.apiKey().reveal());
    }

    private static Matcher find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in:\n" + text).isTrue();
        return matcher;
    }

    private HttpResponse<String> chat(String base, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesBehindAGeneratedTokenAndLogsEachRequestUntilCtrlC() throws Exception {
        try (CreorProcess.Running running = creor().launch("serve", "--port", "0")) {
            String printed = running.awaitStdout(text -> text.contains("press Ctrl-C to stop."), WAIT);
            assumeFalse(running.ignoresInterrupts(), "this test runs in a process that ignores SIGINT");
            String base = find(URL, printed).group(1);
            String token = find(TOKEN, printed).group(1);
            int port = Integer.parseInt(find(URL, printed).group(2));

            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(base + "/models"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> answer = chat(base, token, "{\"model\": \"agent/build\", \"messages\": [{\"role\": "
                    + "\"user\", \"content\": \"ping\"}]}");
            HttpResponse<String> refused = chat(base, "wrong-token-0000000000000", "{}");

            assertThat(token).hasSizeGreaterThan(40);
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("\"id\":\"agent/build\"");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("Hello from the Creor sandbox");
            assertThat(refused.statusCode()).isEqualTo(401);
            running.awaitStderr(text -> text.contains("status=401"), WAIT);

            running.interrupt();
            CreorProcess.Result result = running.await(WAIT);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            assertThat(result.stderr()).contains("creor: info: POST /v1/chat/completions model=agent/build status=200 route=[",
                            "creor: info: GET /v1/models model=- status=200")
                    .doesNotContain(token).doesNotContain(sandbox.apiKey().reveal()).doesNotContain("ping");
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.isBound()).as("the port is free again").isTrue();
            }
        }
    }

    @Test
    void ctrlCEndsAStreamUnderWayCleanlyAndCancelsItsUpstreamRequest() throws Exception {
        sandbox.script("*", SandboxBehaviour.stallAfterChunks(2));
        try (CreorProcess.Running running = creor().env("CREOR_SERVER_TOKEN", CHOSEN).launch("serve", "--port", "0")) {
            String printed = running.awaitStdout(text -> text.contains("press Ctrl-C to stop."), WAIT);
            assumeFalse(running.ignoresInterrupts(), "this test runs in a process that ignores SIGINT");
            assertThat(printed).doesNotContain("Token:");
            int port = Integer.parseInt(find(URL, printed).group(2));
            byte[] body = ("{\"model\": \"agent/build\", \"stream\": true, \"messages\": [{\"role\": \"user\", "
                    + "\"content\": \"ping\"}]}").getBytes(StandardCharsets.UTF_8);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout((int) WAIT.toMillis());
                client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                        + "Bearer " + CHOSEN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().write(body);
                InputStream in = client.getInputStream();
                readUntil(in, "\"content\"");

                running.interrupt();

                String rest = readUntil(in, "data: [DONE]");
                assertThat(rest).contains("\"code\":\"CANCELLED\"");
            }
            CreorProcess.Result result = running.await(WAIT);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            sandbox.awaitOpenConnections(0, WAIT);
        }
    }

    @Test
    void theTokenAndLimitsCanComeFromTheUsersConfigWhichShowsTheTokenMasked() throws Exception {
        CliFixtures.writeGlobalConfig(home, CliFixtures.sandboxConfig(sandbox).replaceFirst("\\{",
                "{\"server\": {\"token\": \"" + CHOSEN + "\", \"maxBodyBytes\": 2048},"));
        CreorProcess.Result shown = creor().run("config", "show");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.stdout()).contains("\"token\"").doesNotContain(CHOSEN);

        try (CreorProcess.Running running = creor().launch("serve", "--port", "0")) {
            String printed = running.awaitStdout(text -> text.contains("press Ctrl-C to stop."), WAIT);
            String base = find(URL, printed).group(1);

            HttpResponse<String> answer = chat(base, CHOSEN, "{\"model\": \"agent/build\", \"messages\": [{\"role\": "
                    + "\"user\", \"content\": \"ping\"}]}");
            HttpResponse<String> tooLarge = chat(base, CHOSEN, "{\"model\": \"agent/build\", \"messages\": [{\"role\": "
                    + "\"user\", \"content\": \"" + "x".repeat(3000) + "\"}]}");

            assertThat(printed).doesNotContain("Token:");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(tooLarge.statusCode()).as("server.maxBodyBytes applies").isEqualTo(413);
        }
    }

    @Test
    void anotherThanLoopbackNeedsAChosenToken() {
        CreorProcess.Result generated = creor().run("serve", "--host", "0.0.0.0", "--port", "0");
        CreorProcess.Result tooShort = creor().env("CREOR_SERVER_TOKEN", "short").run("serve", "--port", "0");

        assertThat(generated.exitCode()).as(generated.toString()).isEqualTo(2);
        assertThat(generated.stderr()).contains("0.0.0.0", "CREOR_SERVER_TOKEN").doesNotContain("\tat ");
        assertThat(tooShort.exitCode()).as(tooShort.toString()).isEqualTo(2);
        assertThat(tooShort.stderr()).contains("at least 16").doesNotContain("short");
    }

    private static String readUntil(InputStream in, String text) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!received.toString(StandardCharsets.UTF_8).contains(text)) {
            int read = in.read(buffer);
            if (read < 0) {
                throw new AssertionError("the connection ended before \"" + text + "\": " + received);
            }
            received.write(buffer, 0, read);
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
