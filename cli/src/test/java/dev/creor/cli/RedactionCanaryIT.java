package dev.creor.cli;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.Secret;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The key never leaves (issue 8): a canary key, unique to this run and accepted by the sandbox,
 * is supplied through the environment, the config and the store in turn, and every command is
 * run with it — succeeding, failing, with {@code --json} and with {@code --debug} (which logs
 * every HTTP exchange and prints stack traces). No 16 consecutive characters of the canary may
 * appear in any output, nor in any file under the home or project directory but {@code auth.json}
 * (and the config file the test itself wrote the key into, which must be left as it was).
 */
class RedactionCanaryIT {
    private static final int WINDOW = 16;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static String canary;
    private static Set<String> windows;
    private static OpenRouterSandbox sandbox;

    @TempDir
    Path home;
    @TempDir
    Path project;

    private final List<String> leaks = new ArrayList<>();
    private int commandsRun;

    /** Where the test supplies the key. */
    enum Source { ENVIRONMENT, CONFIG, STORE }

    @BeforeAll
    static void startSandboxWithTheCanary() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        canary = "sk-or-v1-" + HexFormat.of().formatHex(random);
        windows = new LinkedHashSet<>();
        for (int start = 0; start + WINDOW <= canary.length(); start++) {
            windows.add(canary.substring(start, start + WINDOW));
        }
        sandbox = OpenRouterSandbox.builder().apiKey(Secret.of(canary)).start();
        sandbox.script("openai/o3", status(401));
        sandbox.script("openai/gpt-4o", status(503).message("upstream echoed Authorization: Bearer " + canary));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private String configText(Source source) {
        String options = source == Source.CONFIG
                ? "{\"baseURL\": \"%s\", \"apiKey\": \"%s\"}".formatted(sandbox.baseUrl(), canary)
                : "{\"baseURL\": \"%s\"}".formatted(sandbox.baseUrl());
        return """
                {
                  "model": "openrouter/anthropic/claude-sonnet-4",
                  "provider": {"openrouter": {"options": %s, "retry": {"initialBackoffMs": 10, "maxBackoffMs": 20}}}
                }
                """.formatted(options);
    }

    /** The config is the user's own (CREOR_CONFIG): from a project file nobody trusted, baseURL and apiKey are refused. */
    private CreorProcess creor(Source source) {
        CreorProcess process = CreorProcess.inHome(home).in(project).env("CREOR_CONFIG",
                project.resolve("creor.json").toString());
        return source == Source.ENVIRONMENT ? process.env("OPENROUTER_API_KEY", canary) : process;
    }

    /** Runs a command, checks its exit code and that its output holds no part of the canary. */
    private CreorProcess.Result check(CreorProcess process, int expectedExit, String... args) {
        CreorProcess.Result result = process.run(args);
        commandsRun++;
        String command = "creor " + String.join(" ", args);
        assertThat(result.exitCode()).as(command + ": " + result).isEqualTo(expectedExit);
        scan(command + " (stdout)", result.stdout());
        scan(command + " (stderr)", result.stderr());
        return result;
    }

    private void scan(String where, String text) {
        windows.stream().filter(text::contains).findFirst()
                .ifPresent(window -> leaks.add(where + " contains \"" + window + "\" of the canary"));
    }

    private void scanFiles(Path root, Set<Path> allowed) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!allowed.contains(file) && !file.getFileName().toString().equals("auth.json")) {
                    scan("the file " + file, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void theCanaryKeyNeverLeavesWhateverItsSource(Source source) throws IOException {
        Path config = CliFixtures.writeConfig(project, configText(source));
        String written = Files.readString(config);
        if (source == Source.STORE) {
            check(creor(source).stdin(canary + "\n"), 0, "auth", "login", "openrouter", "--debug");
        }

        check(creor(source), 0, "run", "hello", "--debug");
        check(creor(source), 0, "run", "--json", "hello", "--debug");
        check(creor(source), 3, "run", "--model", "openrouter/openai/o3", "hello", "--debug");
        check(creor(source), 1, "run", "--json", "--model", "openrouter/openai/gpt-4o", "hello", "--debug");
        check(creor(source), 1, "run", "--model", "openrouter/openai/gpt-4o", "hello");
        check(creor(source), 2, "run", "--agent", "plna", "hello", "--debug");
        check(creor(source), 0, "models", "--refresh", "--debug");
        check(creor(source), 0, "models", "--json", "--search", "gpt");
        check(creor(source), 0, "agents", "--debug");
        check(creor(source), 0, "agents", "--json");
        check(creor(source), 0, "providers", "--debug");
        check(creor(source), 0, "providers", "--json");
        check(creor(source), 0, "config", "show", "--origin", "--debug");
        check(creor(source), 0, "config", "show", "--json", "--origin");
        check(creor(source), 0, "config", "validate", "--debug");
        check(creor(source), 0, "config", "validate", "--json", "creor.json");
        check(creor(source), 0, "auth", "list", "--debug");
        check(creor(source), 0, "auth", "list", "--json");
        check(creor(source), 0, "doctor", "--debug");
        check(creor(source), 0, "doctor", "--json");
        if (source == Source.STORE) {
            check(creor(source).stdin(canary), 0, "auth", "login", "openrouter", "--debug");
            check(creor(source), 0, "auth", "logout", "openrouter", "--debug");
        } else {
            check(creor(source).stdin(canary), 2, "auth", "login", "nope", "--debug");
            check(creor(source), 0, "auth", "logout", "openrouter", "--debug");
        }

        assertThat(commandsRun).isGreaterThanOrEqualTo(22);
        scanFiles(home, Set.of());
        scanFiles(project, Set.of(config));
        assertThat(Files.readString(config)).as("the config file is left as it was").isEqualTo(written);
        if (source == Source.STORE) {
            assertThat(home.resolve(".local/share/creor/auth.json")).content().doesNotContain(canary);
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    @SuppressWarnings("try") // a server that ignores SIGINT is closed inside its try
    void theCommandsThatNeedNoKeyDoNotShowTheOneInTheEnvironmentEither() throws Exception {
        CliFixtures.writeConfig(project, configText(Source.ENVIRONMENT));

        check(creor(Source.ENVIRONMENT), 0, "demo", "--debug");
        check(creor(Source.ENVIRONMENT), 0, "completion", "bash");
        check(creor(Source.ENVIRONMENT), 0, "--help");
        for (String[] server : List.of(new String[] {"sandbox", "--debug"},
                new String[] {"settings", "--no-open", "--debug"})) {
            try (CreorProcess.Running running = creor(Source.ENVIRONMENT).launch(server)) {
                running.awaitStdout(text -> text.contains("Ctrl-C to stop."), WAIT);
                if (running.ignoresInterrupts()) {
                    running.close();
                } else {
                    running.interrupt();
                }
                CreorProcess.Result result = running.await(WAIT);
                scan("creor " + String.join(" ", server) + " (stdout)", result.stdout());
                scan("creor " + String.join(" ", server) + " (stderr)", result.stderr());
            }
        }

        scanFiles(home, Set.of());
        scanFiles(project, Set.of());
        assertThat(leaks).isEmpty();
    }
}
