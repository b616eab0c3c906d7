package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command's basic contract: version, help, usage errors and exit codes. */
class CommandLineIT {
    @TempDir
    Path home;

    @Test
    void versionPrintsTheVersionAndJavaRuntime() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("--version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("creor ").contains("Java ");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("demo", "Exit codes: 0 ok");
    }

    /** Every command and subcommand of the real command tree, e.g. {@code [config, validate]}. */
    private List<List<String>> everyCommand() {
        picocli.CommandLine root = CreorCli.newCommandLine(new CliContext(Map.of(), home, home,
                new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false));
        List<List<String>> commands = new ArrayList<>();
        collect(root, List.of(), commands);
        return commands;
    }

    private static void collect(picocli.CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                collect(sub, subPath, into);
            }
        });
    }

    @Test
    void everyCommandPrintsItsHelp() {
        List<List<String>> commands = everyCommand();
        assertThat(commands).hasSizeGreaterThan(15);

        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CreorProcess.Result result = CreorProcess.inHome(home).run(args.toArray(String[]::new));

            String name = String.join(" ", command);
            assertThat(result.exitCode()).as(name + ": " + result).isZero();
            assertThat(result.stderr()).as(name).isEmpty();
            assertThat(result.stdout()).as(name).startsWith(("Usage: creor " + name).strip() + " ")
                    .contains("-h, --help");
        }
    }

    @Test
    void theHomeVariableIsTheBaseOfTheDefaultDirectories() throws Exception {
        // Java's user.home comes from the password database, not from HOME; docs/cli.md promises HOME.
        java.nio.file.Files.createDirectories(home.resolve(".config/creor"));
        java.nio.file.Files.writeString(home.resolve(".config/creor/creor.json"),
                "{\"model\": \"openrouter/openai/gpt-4o-mini\"}");

        CreorProcess.Result result = CreorProcess.inHome(home).withoutEnv("XDG_CONFIG_HOME").run("config", "show");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).contains("openrouter/openai/gpt-4o-mini");
    }

    @Test
    void aUsageErrorInASubcommandNamesItsHelp() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("run", "hi", "--temprature=1");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("creor: unknown option \"--temprature\" for 'creor run' (did you mean "
                + "\"--temperature\"?)\nRun 'creor run --help' to see the usage.\n");
    }

    @Test
    void anUnknownOptionFollowedByAValueIsNamedAloneInCreorsWords() {
        // picocli's own wording was "Unknown options: '--temprature', '1'", naming the value as an option too.
        CreorProcess.Result result = CreorProcess.inHome(home).run("run", "--temprature", "1", "hi");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("creor: unknown option \"--temprature\" for 'creor run' (did you mean "
                + "\"--temperature\"?)\nRun 'creor run --help' to see the usage.\n");
    }

    @Test
    void anArgumentACommandDoesNotTakeIsNamedWithTheOptionItWasMeantFor() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("models", "oaicompat");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("creor: unexpected argument \"oaicompat\" for 'creor models'; to name a"
                + " provider, use --provider: 'creor models --provider oaicompat'\n"
                + "Run 'creor models --help' to see the usage.\n");
    }

    @Test
    void anArgumentACommandWithoutAProviderOptionDoesNotTakeIsNamed() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("agents", "build");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("creor: unexpected argument \"build\" for 'creor agents'\n");
    }

    @Test
    void theVersionOptionIsOnlyWhereItWorks() {
        CreorProcess.Result onRun = CreorProcess.inHome(home).run("run", "-V");
        CreorProcess.Result runHelp = CreorProcess.inHome(home).run("run", "--help");
        CreorProcess.Result rootHelp = CreorProcess.inHome(home).run("--help");

        assertThat(onRun.exitCode()).as(onRun.toString()).isEqualTo(2);
        assertThat(onRun.stdout()).isEmpty();
        assertThat(onRun.stderr()).startsWith("creor: unknown option \"-V\" for 'creor run'; the version is "
                + "'creor --version'\n");
        assertThat(runHelp.stdout()).startsWith("Usage: creor run [-h] ").doesNotContain("-V", "--version");
        assertThat(rootHelp.stdout()).startsWith("Usage: creor [-hV] ").contains("-V, --version");
    }

    @Test
    void shortFlagsNameTheAgentAndTheModel() {
        CreorProcess.Result agent = CreorProcess.inHome(home).run("run", "-a", "plna", "hi");
        CreorProcess.Result model = CreorProcess.inHome(home).run("run", "-m", "nonsense", "hi");

        assertThat(agent.exitCode()).as(agent.toString()).isEqualTo(2);
        assertThat(agent.stderr()).startsWith("creor: unknown agent \"plna\" (did you mean \"plan\"?)");
        assertThat(model.exitCode()).as(model.toString()).isEqualTo(2);
        assertThat(model.stderr()).contains("invalid model reference \"nonsense\"");
    }

    @Test
    void helpShowsTheHelpOfASubcommand() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("help", "config", "validate");
        CreorProcess.Result mistyped = CreorProcess.inHome(home).run("help", "config", "valdate");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo(CreorProcess.inHome(home).run("config", "validate", "--help").stdout())
                .startsWith("Usage: creor config validate ");
        assertThat(mistyped.exitCode()).as(mistyped.toString()).isEqualTo(2);
        assertThat(mistyped.stderr()).startsWith("creor: unknown command \"valdate\" for 'creor config' (did you mean "
                + "\"validate\"?)\n");
    }

    @Test
    void helpWrapsToTheWidthColumnsGives() {
        CreorProcess.Result wide = CreorProcess.inHome(home).env("COLUMNS", "160").run("run", "--help");
        CreorProcess.Result narrow = CreorProcess.inHome(home).env("COLUMNS", "60").run("run", "--help");

        assertThat(wide.stdout().lines().mapToInt(String::length).max().orElse(0)).as(wide.stdout())
                .isGreaterThan(80).isLessThanOrEqualTo(160);
        assertThat(narrow.stdout().lines().mapToInt(String::length).max().orElse(0)).as(narrow.stdout())
                .isLessThanOrEqualTo(60);
    }

    @Test
    void theFooterLinksToDocumentationThatExistsOutsideTheClone() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("--help");

        assertThat(result.stdout()).contains("Documentation: https://creor.dev/docs/cli").doesNotContain("docs/cli.md");
    }

    /** The help as a terminal shows it: under {@code script}, which gives the command a pseudo-terminal. */
    private String helpOnATerminal(String... environment) throws Exception {
        String command = String.join(" ", java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", CreorProcess.JAR.toString(), "--help");
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("NO_COLOR");
        for (int i = 0; i < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void aTerminalGetsColoursUnlessItIsDumbOrNoColorIsSet() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/script")),
                "script(1) gives the command a terminal");

        assertThat(helpOnATerminal("TERM", "xterm-256color")).as("the control case").contains("\u001b[");
        assertThat(helpOnATerminal("TERM", "dumb")).startsWith("Usage: creor").doesNotContain("\u001b");
        assertThat(helpOnATerminal("TERM", "xterm-256color", "NO_COLOR", "1")).startsWith("Usage: creor")
                .doesNotContain("\u001b");
    }

    @Test
    void aStackTraceIsShownOnlyWithDebug() {
        CreorProcess.Result plain = CreorProcess.inHome(home).run("run", "--agent", "plna", "hi");
        CreorProcess.Result debug = CreorProcess.inHome(home).run("--debug", "run", "--agent", "plna", "hi");
        CreorProcess.Result debugAfter = CreorProcess.inHome(home).run("run", "--agent", "plna", "hi", "--debug");

        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.stderr()).isEqualTo("creor: unknown agent \"plna\" (did you mean \"plan\"?)\n"
                + "  hint: the agents are build, plan, explore; define more under \"agent\" in creor.json\n");
        assertThat(List.of(debug, debugAfter)).allSatisfy(result -> {
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.stderr()).contains(plain.stderr(), "CreorException[USAGE]: unknown agent",
                            "\tat dev.creor.agents.AgentCatalog")
                    .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG dev.creor.config.ConfigLoader: ");
        });
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("dmeo");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("creor: unknown command \"dmeo\" for 'creor' (did you mean \"demo\"?)\n"
                + "Run 'creor --help' to see the usage.\n");
    }

    @Test
    void bashCompletionWorksInARealBash() throws Exception {
        CreorProcess.Result script = CreorProcess.inHome(home).run("completion", "bash");
        assertThat(script.exitCode()).as(script.toString()).isZero();
        java.nio.file.Path file = home.resolve("creor-completion.bash");
        java.nio.file.Files.writeString(file, script.stdout());

        // Complete "creor de" the way bash would, and print the candidates.
        Process bash = new ProcessBuilder("bash", "-c", "source " + file
                + " && COMP_WORDS=(creor de) && COMP_CWORD=1 && COMP_LINE='creor de' && COMP_POINT=8"
                + " && _complete_creor creor de creor && printf '%s\\n' \"${COMPREPLY[@]}\"")
                .redirectErrorStream(true).start();
        String candidates = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(bash.waitFor()).as(candidates).isZero();
        assertThat(candidates.lines()).contains("demo");
    }

    @Test
    void bashCompletesAgentsFromTheConfigurationInEffect() throws Exception {
        java.nio.file.Files.writeString(home.resolve("creor.json"),
                "{\"agent\": {\"reviewer\": {\"model\": \"openrouter/openai/gpt-4o\"}}}");
        CreorProcess.Result script = CreorProcess.inHome(home).in(home).run("completion", "bash");
        java.nio.file.Path file = home.resolve("creor-completion.bash");
        java.nio.file.Files.writeString(file, script.stdout());
        // COMP_WORDS[0] is how the user typed creor; here, a wrapper running the packaged jar.
        java.nio.file.Path creor = home.resolve("creor");
        java.nio.file.Files.writeString(creor, "#!/bin/sh\nexec '" + java.nio.file.Path.of(System.getProperty("java.home"),
                "bin", "java") + "' -XX:TieredStopAtLevel=1 -jar '" + CreorProcess.JAR + "' \"$@\"\n");
        creor.toFile().setExecutable(true);

        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source " + file
                + " && COMP_WORDS=(" + creor + " run --agent '') && COMP_CWORD=3 && _complete_creor " + creor
                + " '' --agent && printf '%s\\n' \"${COMPREPLY[@]}\"").directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        Process bash = builder.start();
        String candidates = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(bash.waitFor()).as(candidates).isZero();
        assertThat(candidates.lines()).as(candidates).contains("build", "plan", "explore", "reviewer");
    }

    @Test
    void zshCompletionLoadsBashCompletionFirst() {
        CreorProcess.Result script = CreorProcess.inHome(home).run("completion", "zsh");

        assertThat(script.exitCode()).isZero();
        assertThat(script.stdout()).startsWith("autoload -U +X compinit").contains("complete -F _complete_creor");
    }
}
