package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.settings.RawHttp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code creor settings} as users run it: the real runtime behind the page, OpenRouter's adapter
 * verifying the key against the sandbox's {@code /key}, the catalog from its {@code /models}, and
 * the whitelist saved into the global config file with its comments kept.
 */
class SettingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void thePageSavesAndVerifiesTheKeyListsModelsAndSavesTheWhitelist() throws Exception {
        try (OpenRouterSandbox sandbox = OpenRouterSandbox.start()) {
            Path global = Files.createDirectories(home.resolve(".config/creor")).resolve("creor.json");
            Files.writeString(global, """
                    {
                      // where the sandbox listens
                      "provider": {"openrouter": {"options": {"baseURL": "%s"}}}
                    }
                    """.formatted(sandbox.baseUrl()));
            Process process = CreorProcess.inHome(home).start("settings", "--no-open");
            CompletableFuture<String> errors = CreorProcess.drain(process.getErrorStream());
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertThat(first).as("first line; stderr: %s", errors.getNow("")).startsWith("Creor settings: http://127.0.0.1:");
                URI url = URI.create(first.substring("Creor settings: ".length()));
                Page page = Page.open(url);

                JsonNode saved = page.post("/api/providers/openrouter/key",
                        "{\"key\": \"" + sandbox.apiKey().reveal() + "\", \"verify\": true}");
                assertThat(saved.path("verification").path("status").asText()).isEqualTo("verified");
                assertThat(saved.toString()).doesNotContain(sandbox.apiKey().reveal());
                JsonNode models = page.get("/api/providers/openrouter/models?q=gpt-4o");
                assertThat(models.toString()).contains("openai/gpt-4o");
                page.post("/api/providers/openrouter/preferences", "{\"whitelist\": [\"openai/gpt-4o\", \"anthropic/*\"]}");

                assertThat(Files.readString(global)).contains("// where the sandbox listens")
                        .contains("\"whitelist\"").contains("openai/gpt-4o");
                Path store = home.resolve(".local/share/creor/auth.json");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
                assertThat(sandbox.requests()).anySatisfy(request -> assertThat(request.path()).endsWith("/key"));

                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    // Seen when the build ran as a background job, whose children inherit SIGINT ignored (the
                    // JVM then installs no handler): say so with the process's threads rather than only "false".
                    System.err.println("SettingsIT: creor settings still running 20 s after SIGINT; its threads:\n"
                            + threadDump(process.pid()) + "\nits standard error so far:\n" + errors.getNow(""));
                    assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("exited within 60 s of SIGINT").isTrue();
                }
                assertThat(process.exitValue()).isEqualTo(130);
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static String threadDump(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(20, TimeUnit.SECONDS);
        return dump;
    }

    /** The page's session: the one-time link exchanged for the cookie, and the CSRF token from the page. */
    private record Page(int port, String cookie, String csrf) {
        static Page open(URI url) throws Exception {
            RawHttp.Response exchange = RawHttp.send(url.getPort(), "GET", "/?" + url.getQuery(), Map.of(), null);
            assertThat(exchange.status()).isEqualTo(303);
            String cookie = exchange.header("Set-Cookie").orElseThrow().split(";")[0];
            RawHttp.Response html = RawHttp.send(url.getPort(), "GET", "/", Map.of("Cookie", cookie), null);
            Matcher meta = Pattern.compile("name=\"creor-csrf\" content=\"([^\"]+)\"").matcher(html.body());
            assertThat(meta.find()).isTrue();
            return new Page(url.getPort(), cookie, meta.group(1));
        }

        private Map<String, String> headers() {
            Map<String, String> headers = new HashMap<>();
            headers.put("Cookie", cookie);
            headers.put("X-Creor-CSRF", csrf);
            headers.put("Origin", "http://127.0.0.1:" + port);
            headers.put("Sec-Fetch-Site", "same-origin");
            return headers;
        }

        JsonNode get(String path) throws Exception {
            RawHttp.Response response = RawHttp.send(port, "GET", path, headers(), null);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }

        JsonNode post(String path, String body) throws Exception {
            Map<String, String> headers = headers();
            headers.put("Content-Type", "application/json");
            RawHttp.Response response = RawHttp.send(port, "POST", path, headers, body);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }
}
