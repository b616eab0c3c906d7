package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.Secret;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key pasted where no key belongs is masked by its shape (issue 14, item 5): a canary key,
 * unique to this run, stored with {@code creor auth login} and accepted by the sandbox, is also
 * written into the model, into an agent's prompt, read into another prompt by a
 * {@code {file:}} of {@code auth.json}, and a canary password sits in {@code baseURL}. Then
 * {@code config show}, {@code config validate}, listings and failing commands run as real
 * processes; no 16 consecutive characters of the canary, and not the password, may appear in
 * their output. The config is the user's global file, as a project file may not set
 * {@code baseURL} once it is untrusted.
 */
class PastedKeyCanaryIT {
    private static final int WINDOW = 16;
    private static String canary;
    private static String password;
    private static OpenRouterSandbox sandbox;

    @TempDir
    Path home;
    @TempDir
    Path project;

    private final List<String> leaks = new ArrayList<>();

    @BeforeAll
    static void startSandboxWithTheCanary() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        canary = "sk-or-v1-" + HexFormat.of().formatHex(key);
        byte[] word = new byte[6];
        random.nextBytes(word);
        password = "pw" + HexFormat.of().formatHex(word);
        sandbox = OpenRouterSandbox.builder().apiKey(Secret.of(canary)).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private CreorProcess creor() {
        return CreorProcess.inHome(home).in(project);
    }

    /** Where {@code auth login} verifies the canary, before the global config exists. */
    private static String sandboxConfig() {
        return "{\"provider\": {\"openrouter\": {\"options\": {\"baseURL\": \"" + sandbox.baseUrl() + "\"}}}}";
    }

    private void writeGlobalConfig(String extraAgentSettings) throws IOException {
        String baseUrl = sandbox.baseUrl().toString().replace("http://", "http://ada:" + password + "@");
        Path global = Files.createDirectories(home.resolve(".config/creor")).resolve("creor.json");
        Files.writeString(global, """
                {
                  "agent": {
                    "build": {"model": "openrouter/openai/gpt-4o", "prompt": "You are %1$s, a helper."%3$s},
                    "plan": {"model": "openrouter/openai/gpt-4o", "prompt": "{file:~/.local/share/creor/auth.json}"},
                    "review": {"model": "openrouter/%1$s"}
                  },
                  "provider": {"openrouter": {"options": {"baseURL": "%2$s"},
                                              "retry": {"initialBackoffMs": 10, "maxBackoffMs": 20}}}
                }
                """.formatted(canary, baseUrl, extraAgentSettings));
    }

    private CreorProcess.Result check(CreorProcess process, int expectedExit, String... args) {
        CreorProcess.Result result = process.run(args);
        String command = "creor " + String.join(" ", args);
        assertThat(result.exitCode()).as(command + ": " + result).isEqualTo(expectedExit);
        scan(command + " (stdout)", result.stdout());
        scan(command + " (stderr)", result.stderr());
        return result;
    }

    private void scan(String where, String text) {
        Set<String> windows = new LinkedHashSet<>();
        for (int start = 0; start + WINDOW <= canary.length(); start++) {
            windows.add(canary.substring(start, start + WINDOW));
        }
        windows.stream().filter(text::contains).findFirst()
                .ifPresent(window -> leaks.add(where + " contains \"" + window + "\" of the canary key"));
        if (text.contains(password)) {
            leaks.add(where + " contains the password of baseURL");
        }
    }

    @Test
    void aKeyPastedIntoTheConfigNeverReachesTheTerminal() throws IOException {
        check(creor().stdin(canary + "\n").env("CREOR_CONFIG_CONTENT", sandboxConfig()), 0, "auth", "login", "openrouter");
        writeGlobalConfig("");

        CreorProcess.Result shown = check(creor(), 0, "config", "show", "--origin");
        check(creor(), 0, "config", "show", "--json", "--origin");
        // The review agent's model is the canary, which no provider offers: validate and doctor say so too.
        check(creor(), 2, "config", "validate");
        check(creor(), 2, "config", "validate", "--json");
        check(creor(), 2, "agents");
        check(creor(), 2, "agents", "--json");
        check(creor(), 0, "run", "hello", "--debug");
        check(creor(), 2, "run", "--agent", "review", "hello");
        check(creor(), 2, "run", "--json", "--agent", "review", "hello");
        check(creor(), 2, "run", "--model", "openrouter/" + canary, "hello", "--debug");
        check(creor(), 0, "providers");
        check(creor(), 2, "doctor");

        assertThat(leaks).isEmpty();
        assertThat(shown.stdout()).contains("\"prompt\": \"You are sk-or-v1-…")
                .contains("\"model\": \"openrouter/sk-or-v1-…")
                .contains("\\\"key\\\" : \\\"sk-or-v1-…")
                .contains("\"baseURL\": \"http://ada:…(" + password.length() + " chars)@127.0.0.1:");
    }

    @Test
    void aKeyPastedIntoAnInvalidValueIsMaskedInEveryProblem() throws IOException {
        check(creor().stdin(canary + "\n").env("CREOR_CONFIG_CONTENT", sandboxConfig()), 0, "auth", "login", "openrouter");
        writeGlobalConfig(", \"temperature\": \"" + canary + "\", \"fallbacks\": [\"" + canary + "\"]");

        CreorProcess.Result validated = check(creor(), 2, "config", "validate");
        check(creor(), 2, "config", "validate", "--json");
        check(creor(), 2, "config", "show");
        check(creor(), 2, "run", "hello");

        assertThat(leaks).isEmpty();
        assertThat(validated.stdout()).contains("/agent/build/temperature: expected a number, got \"sk-or-v1-…");
    }
}
