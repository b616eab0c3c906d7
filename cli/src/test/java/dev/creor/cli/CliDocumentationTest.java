package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * docs/cli.md documents the command line as it is: a section per command (a heading
 * {@code `creor <command>`}) naming each of its options and parameters, the options every
 * command takes, the exit codes and the environment variables. Adding a command or an option
 * without documenting it fails here.
 */
class CliDocumentationTest {
    private static final Path DOCUMENT = Path.of("").toAbsolutePath().getParent().resolve("docs/cli.md");
    private static final Pattern HEADING = Pattern.compile("^#{2,3} `creor ([a-z ]+)`$", Pattern.MULTILINE);
    /** Options on every command, documented once under the conventions. */
    private static final List<String> EVERYWHERE = List.of("--debug", "-h", "--help", "-V", "--version");

    private static String document;
    private static Map<String, String> sections;

    @BeforeAll
    static void readTheDocument() throws IOException {
        document = Files.readString(DOCUMENT);
        sections = new LinkedHashMap<>();
        Matcher heading = HEADING.matcher(document);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (heading.find()) {
            spans.add(new int[] {heading.start(), heading.end()});
            names.add(heading.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : document.length();
            sections.put(names.get(i), document.substring(spans.get(i)[1], end));
        }
    }

    private static CommandLine commandTree() {
        return CreorCli.newCommandLine(new CliContext(Map.of(), Path.of("/"), Path.of("/"),
                new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false));
    }

    private static void collect(CommandLine command, List<CommandSpec> into) {
        into.add(command.getCommandSpec());
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    private static String path(CommandSpec spec) {
        return spec.qualifiedName(" ").replaceFirst("^creor ?", "");
    }

    @Test
    void everyCommandHasASectionNamingEachOfItsOptionsAndParameters() {
        List<CommandSpec> commands = new ArrayList<>();
        collect(commandTree(), commands);
        List<String> missing = new ArrayList<>();

        for (CommandSpec command : commands.subList(1, commands.size())) {
            String section = sections.get(path(command));
            if (section == null) {
                missing.add("a section \"## `creor " + path(command) + "`\"");
                continue;
            }
            for (OptionSpec option : command.options()) {
                for (String name : option.names()) {
                    if (!EVERYWHERE.contains(name) && !section.contains("`" + name)) {
                        missing.add("`" + name + "` in the section of creor " + path(command));
                    }
                }
            }
            for (PositionalParamSpec parameter : command.positionalParameters()) {
                String label = parameter.paramLabel().replaceAll("[\\[\\]<>.]", "");
                if (!section.contains("`" + label)) {
                    missing.add("`" + label + "` in the section of creor " + path(command));
                }
            }
        }

        assertThat(missing).as("docs/cli.md lacks").isEmpty();
    }

    @Test
    void theOptionsEveryCommandTakesAreDocumented() {
        for (OptionSpec option : commandTree().getCommandSpec().options()) {
            for (String name : option.names()) {
                assertThat(document).as("docs/cli.md documents " + name).containsAnyOf("| `" + name + "` |", "| `" + name + "`, ", ", `" + name + "` |");
            }
        }
    }

    @Test
    void everySectionIsACommandThatExists() {
        List<CommandSpec> commands = new ArrayList<>();
        collect(commandTree(), commands);
        List<String> paths = commands.stream().map(CliDocumentationTest::path).toList();

        assertThat(paths).containsAll(sections.keySet());
    }

    @Test
    void theExitCodesAndEnvironmentVariablesAreDocumented() {
        for (int code : List.of(ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE, ExitCodes.CREDENTIALS,
                ExitCodes.INTERRUPTED)) {
            assertThat(document).contains("| `" + code + "` |");
        }
        for (String variable : List.of("OPENROUTER_API_KEY", "CREOR_CONFIG", "CREOR_CONFIG_CONTENT", "CREOR_PLUGIN_PATH",
                "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")) {
            assertThat(document).contains("| `" + variable + "` |");
        }
    }
}
