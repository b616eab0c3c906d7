package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that serve in the foreground until Ctrl-C: {@code sandbox} and {@code settings}. */
class ServerCommandsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern SANDBOX_URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/api/v1)\n");
    private static final Pattern SANDBOX_KEY = Pattern.compile("Key \\(accepted by this sandbox only\\): (sk-or-v1-\\w+)\n");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path home;

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in:\n" + text).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> chat(String baseUrl, String key, String model) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"" + model + "\", \"messages\": "
                        + "[{\"role\": \"user\", \"content\": \"ping\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSandboxServesAsScriptedUntilCtrlC() throws Exception {
        Path script = Files.writeString(home.resolve("faults.json"),
                "{\"models\": {\"openai/o3\": [{\"status\": 503}]}}");

        try (CreorProcess.Running running = CreorProcess.inHome(home).launch("sandbox", "--script", "faults.json")) {
            String printed = running.awaitStdout(text -> text.contains("Press Ctrl-C to stop."), WAIT);
            assumeFalse(running.ignoresInterrupts(), "this test runs in a process that ignores SIGINT");
            String baseUrl = group(SANDBOX_URL, printed);
            String key = group(SANDBOX_KEY, printed);
            assertThat(printed).contains("CREOR_CONFIG_CONTENT='{\"provider\":{\"openrouter\":{\"options\":{\"baseURL\":\""
                    + baseUrl + "\",\"apiKey\":\"" + key + "\"}}}}' creor run \"hello\"");

            HttpResponse<String> answered = chat(baseUrl, key, "openai/gpt-4o");
            HttpResponse<String> scripted = chat(baseUrl, key, "openai/o3");
            HttpResponse<String> wrongKey = chat(baseUrl, "sk-or-v1-wrong", "openai/gpt-4o");

            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("Hello from the Creor sandbox (openai/gpt-4o)");
            assertThat(scripted.statusCode()).as(script + " applies").isEqualTo(503);
            assertThat(wrongKey.statusCode()).isEqualTo(401);

            running.interrupt();
            CreorProcess.Result result = running.await(WAIT);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            assertThat(result.stderr()).isEqualTo("creor: the sandbox stopped\n");
            try (ServerSocket again = new ServerSocket(Integer.parseInt(baseUrl.replaceAll(".*:(\\d+)/.*", "$1")), 1,
                    InetAddress.getLoopbackAddress())) {
                assertThat(again.isBound()).as("the port is free again").isTrue();
            }
        }
    }

    @Test
    void anInvalidScriptOrATakenPortIsReportedInOneLine() throws IOException {
        Files.writeString(home.resolve("faults.json"), "{\"models\": {\"openai/o3\": [{\"statsu\": 503}]}}");

        CreorProcess.Result invalid = CreorProcess.inHome(home).run("sandbox", "--script", "faults.json");
        CreorProcess.Result badPort = CreorProcess.inHome(home).run("sandbox", "--port", "70000");
        CreorProcess.Result taken;
        try (ServerSocket occupied = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            taken = CreorProcess.inHome(home).run("sandbox", "--port", String.valueOf(occupied.getLocalPort()));
        }

        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(2);
        assertThat(invalid.stderr()).startsWith("creor: the sandbox script ").contains("faults.json is invalid: ",
                "unknown key \"statsu\" (did you mean \"status\"?)").doesNotContain("\tat ");
        assertThat(badPort.exitCode()).as(badPort.toString()).isEqualTo(2);
        assertThat(badPort.stderr()).isEqualTo("creor: --port must be between 0 and 65535, got 70000\n");
        assertThat(taken.exitCode()).as(taken.toString()).isEqualTo(1);
        assertThat(taken.stderr()).startsWith("creor: ").doesNotContain("\tat ");
    }

    @Test
    void theSettingsPageIsServedBehindItsLinkUntilCtrlC() throws Exception {
        try (CreorProcess.Running running = CreorProcess.inHome(home).launch("settings", "--no-open")) {
            String printed = running.awaitStdout(text -> text.contains("press Ctrl-C to stop."), WAIT);
            assumeFalse(running.ignoresInterrupts(), "this test runs in a process that ignores SIGINT");
            String link = group(Pattern.compile("Creor settings: (http://127\\.0\\.0\\.1:\\S+)\n"), printed);

            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("the one-time link opens a session").isEqualTo(303);

            running.interrupt();
            CreorProcess.Result result = running.await(WAIT);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
        }
    }
}
