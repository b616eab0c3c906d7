package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The output the docs show is the output the commands print (issue 19.15): each example is
 * produced here against the sandbox, with {@code HOME} written as the docs write it
 * ({@code /home/ada}), and must appear in its page line for line.
 */
class DocumentedOutputIT extends SandboxCommandTest {
    private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs");
    /** A key in the environment whose masked form ends as the docs show it. */
    private static final String ENVIRONMENT_KEY = "sk-or-v1-" + "5".repeat(60) + "9f3a";

    private static String page(String name) throws IOException {
        return Files.readString(DOCS.resolve(name));
    }

    private CreorProcess creor() {
        return CreorProcess.inHome(home).in(project);
    }

    /** What a command printed, with this test's home written as the docs write it. */
    private List<String> asDocumented(String printed) {
        return printed.replace(home.toString(), "/home/ada").lines().toList();
    }

    @Test
    void credentialsShowsWhatAuthPrints() throws IOException {
        String credentials = page("credentials.md");

        CreorProcess.Result login = creor().stdin(sandbox.apiKey().reveal() + "\n").run("auth", "login", "openrouter");
        CreorProcess.Result list = creor().env("OPENROUTER_API_KEY", ENVIRONMENT_KEY).run("auth", "list");
        CreorProcess.Result logout = creor().env("OPENROUTER_API_KEY", ENVIRONMENT_KEY).run("auth", "logout", "openrouter");
        CreorProcess.Result missing = creor().run("run", "hello");

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
        for (String line : asDocumented(login.stdout() + list.stdout() + list.stderr() + logout.stdout())) {
            assertThat(credentials).as("docs/credentials.md shows the line").contains(line);
        }
        List<String> missingKey = asDocumented(missing.stderr()).stream()
                .filter(line -> !line.startsWith("creor: OpenRouter requests go to")).toList();
        assertThat(missingKey).hasSize(2);
        assertThat(credentials).contains(String.join("\n", missingKey));
    }

    @Test
    void settingsShowsHowTheServerStarts() throws Exception {
        String settings = page("settings.md");

        String printed;
        try (CreorProcess.Running running = creor().launch("settings", "--no-open")) {
            printed = running.awaitStdout(text -> text.contains("Ctrl-C to stop."), Duration.ofSeconds(30));
        }

        List<String> lines = printed.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("Creor settings: http://127\\.0\\.0\\.1:\\d+/\\?token=\\S+");
        assertThat(settings).containsPattern("\\$ creor settings\n"
                + Pattern.quote("Creor settings: http://127.0.0.1:") + "\\d+/\\?token=\\S+\n" + Pattern.quote(lines.get(1)) + "\n");
    }

    @Test
    void cliShowsTheVersionAsItIsPrinted() throws IOException {
        CreorProcess.Result version = creor().run("--version");

        List<String> lines = version.stdout().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("creor \\S+");
        assertThat(lines.get(1)).matches("Java \\S+ \\(.+\\)");
        assertThat(page("cli.md")).containsPattern("\\$ creor --version\n" + Pattern.quote(lines.get(0)) + "\nJava \\S+ \\(.+\\)\n");
    }

    @Test
    void cliShowsWhatValidateDoctorAndRunPrintForBrokenAgentsAndTooLongPrompts() throws IOException {
        String cli = page("cli.md");
        CliFixtures.writeConfig(project, """
                {
                  "model": "openrouter/openai/gpt-4o",
                  "agent": {"plan": {"model": "openrouter/openai/gpt-4oo"},
                            "explore": {"model": "openrouter/google/gemini-2.5-flash"}},
                  "provider": {"openrouter": {"whitelist": ["openai/*"]}}
                }
                """);

        // A fresh home: validate checks against the model list bundled with Creor, as the docs say.
        CreorProcess.Result validate = creor().run("config", "validate");
        CreorProcess.Result doctor = creor().env("OPENROUTER_API_KEY", sandbox.apiKey().reveal()).run("doctor");
        CliFixtures.writeConfig(project, "{}");
        CreorProcess.Result tooLong = creor().env("OPENROUTER_API_KEY", sandbox.apiKey().reveal())
                .stdin("x".repeat(70_000)).run("run", "--model", "openrouter/microsoft/phi-4");

        assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(2);
        assertThat(cli).contains("$ creor config validate\n" + validate.stdout());
        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(2);
        List<String> explore = doctor.stdout().lines().dropWhile(line -> !line.startsWith("fail agents      agent \"explore\""))
                .limit(2).toList();
        assertThat(explore).hasSize(2);
        assertThat(cli).contains(String.join("\n", explore) + "\n");
        assertThat(tooLong.exitCode()).as(tooLong.toString()).isEqualTo(2);
        List<String> refusal = tooLong.stderr().lines().filter(line -> !line.startsWith("creor: OpenRouter requests go to"))
                .toList();
        assertThat(refusal).hasSize(2);
        assertThat(cli).contains("$ creor run --model openrouter/microsoft/phi-4 < big.log\n" + String.join("\n", refusal)
                + "\n$ echo $?\n2\n");
    }
}
