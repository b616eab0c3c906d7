package dev.creor.config.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileEditorTest {
    private static final List<String> WHITELIST = ConfigEdit.path("provider.openrouter.whitelist");
    private static final List<String> TIMEOUT = ConfigEdit.path("provider.openrouter.timeout");
    private static final List<String> PLAN_MODEL = ConfigEdit.path("agent.plan.model");

    @TempDir
    Path directory;

    private Path file(String content) throws IOException {
        Path file = directory.resolve("creor.jsonc");
        Files.writeString(file, content);
        return file;
    }

    private static String edit(Path file, ConfigEdit... edits) throws IOException {
        EditOutcome outcome = new ConfigFileEditor(file).apply(List.of(edits));
        assertThat(outcome).isInstanceOf(EditOutcome.Written.class);
        return Files.readString(file);
    }

    @Nested
    class Replacing {
        @Test
        void replacesOnlyTheValueAndKeepsCommentsAndEveryOtherCharacter() throws IOException {
            String before = """
                    // my settings
                    {
                      "$schema": "https://creor.dev/config.json",
                      "model": "openrouter/anthropic/claude-sonnet-4", // the default
                      /* providers */
                      "provider": {
                        "openrouter": {
                          "whitelist": ["openai/*"],
                          "timeout": 600000, // ten minutes
                        },
                      },
                    }
                    """;
            Path file = file(before);

            String after = edit(file, ConfigEdit.set(WHITELIST, List.of("anthropic/claude-sonnet-4", "openai/gpt-4o")),
                    ConfigEdit.set(TIMEOUT, 120000L));

            assertThat(after).isEqualTo(before
                    .replace("[\"openai/*\"]", "[\"anthropic/claude-sonnet-4\", \"openai/gpt-4o\"]")
                    .replace("600000", "120000"));
        }

        @Test
        void writesLongArraysOneElementPerLineAtTheMembersIndentation() throws IOException {
            Path file = file("{\n    \"provider\": {\n        \"openrouter\": {\n            \"whitelist\": []\n        }\n    }\n}\n");
            List<String> models = List.of("anthropic/claude-sonnet-4", "openai/gpt-4o", "google/gemini-2.5-flash",
                    "meta-llama/llama-3.3-70b-instruct:free");

            String after = edit(file, ConfigEdit.set(WHITELIST, models));

            assertThat(after).isEqualTo("""
                    {
                        "provider": {
                            "openrouter": {
                                "whitelist": [
                                    "anthropic/claude-sonnet-4",
                                    "openai/gpt-4o",
                                    "google/gemini-2.5-flash",
                                    "meta-llama/llama-3.3-70b-instruct:free"
                                ]
                            }
                        }
                    }
                    """);
        }

        @Test
        void replacesAValueOfAnotherType() throws IOException {
            Path file = file("{\"provider\": {\"openrouter\": {\"timeout\": false}}}");

            assertThat(edit(file, ConfigEdit.set(TIMEOUT, 90000L)))
                    .isEqualTo("{\"provider\": {\"openrouter\": {\"timeout\": 90000}}}");
        }

        @Test
        void leavesTheFileUntouchedWhenTheValueIsAlreadyThere() throws IOException {
            Path file = file("{ \"agent\": { \"plan\": { \"model\": \"openrouter/openai/o3\" } } }\n");
            byte[] before = Files.readAllBytes(file);

            EditOutcome outcome = new ConfigFileEditor(file).apply(
                    List.of(ConfigEdit.set(PLAN_MODEL, "openrouter/openai/o3")));

            assertThat(outcome).isEqualTo(new EditOutcome.Unchanged(file));
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
    }

    @Nested
    class Creating {
        @Test
        void createsTheMissingObjectsAfterTheLastMemberAtItsIndentation() throws IOException {
            Path file = file("""
                    {
                      // the default model
                      "model": "openrouter/anthropic/claude-sonnet-4" // keep
                    }
                    """);

            assertThat(edit(file, ConfigEdit.set(PLAN_MODEL, "openrouter/openai/o3"))).isEqualTo("""
                    {
                      // the default model
                      "model": "openrouter/anthropic/claude-sonnet-4", // keep
                      "agent": {
                        "plan": {
                          "model": "openrouter/openai/o3"
                        }
                      }
                    }
                    """);
        }

        @Test
        void keepsATrailingCommaStyle() throws IOException {
            Path file = file("{\n\t\"model\": \"openrouter/openai/o3\",\n}\n");

            assertThat(edit(file, ConfigEdit.set(TIMEOUT, 1000L))).isEqualTo(
                    "{\n\t\"model\": \"openrouter/openai/o3\",\n\t\"provider\": {\n\t\t\"openrouter\": {\n"
                            + "\t\t\t\"timeout\": 1000\n\t\t}\n\t},\n}\n");
        }

        @Test
        void addsToAnExistingObjectDeepInTheFile() throws IOException {
            Path file = file("""
                    {
                      "provider": {
                        "openrouter": {
                          "options": { "baseURL": "https://example.invalid/api/v1" }
                        }
                      }
                    }
                    """);

            assertThat(edit(file, ConfigEdit.set(WHITELIST, List.of("openai/*")))).isEqualTo("""
                    {
                      "provider": {
                        "openrouter": {
                          "options": { "baseURL": "https://example.invalid/api/v1" },
                          "whitelist": ["openai/*"]
                        }
                      }
                    }
                    """);
        }

        @Test
        void fillsAnEmptyObject() throws IOException {
            Path file = file("{}");

            assertThat(edit(file, ConfigEdit.set(TIMEOUT, false)))
                    .isEqualTo("{\n  \"provider\": {\n    \"openrouter\": {\n      \"timeout\": false\n    }\n  }\n}");
        }

        @Test
        void fillsAnEmptyObjectThatHoldsOnlyAComment() throws IOException {
            Path file = file("{\n  \"agent\": {\n    // none yet\n  }\n}\n");

            assertThat(edit(file, ConfigEdit.set(PLAN_MODEL, "openrouter/openai/o3")))
                    .isEqualTo("{\n  \"agent\": {\n    // none yet\n    \"plan\": {\n      \"model\": \"openrouter/openai/o3\"\n"
                            + "    }\n  }\n}\n");
        }

        @Test
        void addsToAnObjectWrittenOnOneLine() throws IOException {
            Path file = file("{\"model\": \"openrouter/openai/o3\", \"agent\": {\"build\": {\"model\": \"openrouter/openai/gpt-4o\"}}}");

            assertThat(edit(file, ConfigEdit.set(PLAN_MODEL, "openrouter/openai/o3"))).isEqualTo(
                    "{\"model\": \"openrouter/openai/o3\", \"agent\": {\"build\": {\"model\": \"openrouter/openai/gpt-4o\"}, "
                            + "\"plan\": {\"model\": \"openrouter/openai/o3\"}}}");
        }

        @Test
        void putsAClosingBraceThatSharesTheLastLineOnItsOwnLine() throws IOException {
            Path file = file("{\n  \"model\": \"openrouter/openai/o3\" }\n");

            assertThat(edit(file, ConfigEdit.set(ConfigEdit.path("agent.plan.model"), "openrouter/openai/o3")))
                    .isEqualTo("{\n  \"model\": \"openrouter/openai/o3\",\n  \"agent\": {\n    \"plan\": {\n"
                            + "      \"model\": \"openrouter/openai/o3\"\n    }\n  }\n}\n");
        }

        @Test
        void createsTheFileAndItsDirectory() throws IOException {
            Path file = directory.resolve("config/creor/creor.json");

            EditOutcome outcome = new ConfigFileEditor(file).apply(List.of(ConfigEdit.set(WHITELIST, List.of("openai/*"))));

            assertThat(outcome).isEqualTo(new EditOutcome.Written(file, true));
            assertThat(Files.readString(file)).isEqualTo("""
                    {
                      "provider": {
                        "openrouter": {
                          "whitelist": ["openai/*"]
                        }
                      }
                    }
                    """);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        @Test
        void keepsTheCommentsOfAFileThatHoldsNothingElse() throws IOException {
            Path file = file("// written by hand\n");

            assertThat(edit(file, ConfigEdit.set(TIMEOUT, 5000L))).isEqualTo(
                    "// written by hand\n{\n  \"provider\": {\n    \"openrouter\": {\n      \"timeout\": 5000\n    }\n  }\n}\n");
        }
    }

    @Nested
    class Removing {
        @Test
        void removesAMemberWithItsLineAndComma() throws IOException {
            Path file = file("""
                    {
                      "provider": {
                        "openrouter": {
                          "timeout": 600000,
                          "whitelist": ["openai/*"] // narrow
                        }
                      }
                    }
                    """);

            assertThat(edit(file, ConfigEdit.remove(TIMEOUT))).isEqualTo("""
                    {
                      "provider": {
                        "openrouter": {
                          "whitelist": ["openai/*"] // narrow
                        }
                      }
                    }
                    """);
        }

        @Test
        void removesTheLastMemberAndTheCommaBeforeIt() throws IOException {
            Path file = file("{\n  \"model\": \"openrouter/openai/o3\", // default\n  \"small\": true\n}\n");

            assertThat(edit(file, ConfigEdit.remove(List.of("small"))))
                    .isEqualTo("{\n  \"model\": \"openrouter/openai/o3\" // default\n}\n");
        }

        @Test
        void removingAnAbsentKeyChangesNothing() throws IOException {
            Path file = file("{\"model\": \"openrouter/openai/o3\"}");

            assertThat(new ConfigFileEditor(file).apply(List.of(ConfigEdit.remove(TIMEOUT))))
                    .isEqualTo(new EditOutcome.Unchanged(file));
        }
    }

    @Nested
    class Keeping {
        @Test
        void keepsAByteOrderMarkAndWindowsLineBreaks() throws IOException {
            Path file = directory.resolve("creor.json");
            Files.write(file, "\uFEFF{\r\n  \"model\": \"openrouter/openai/o3\"\r\n}\r\n".getBytes(StandardCharsets.UTF_8));

            edit(file, ConfigEdit.set(TIMEOUT, 1000L));

            assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).isEqualTo(
                    "\uFEFF{\r\n  \"model\": \"openrouter/openai/o3\",\r\n  \"provider\": {\r\n    \"openrouter\": {\r\n"
                            + "      \"timeout\": 1000\r\n    }\r\n  }\r\n}\r\n");
        }

        @Test
        void keepsThePermissionsOfTheFile() throws IOException {
            Path file = file("{}");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

            edit(file, ConfigEdit.set(TIMEOUT, 1000L));

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        }

        @Test
        void writesThroughASymbolicLink() throws IOException {
            Path real = directory.resolve("dotfiles/creor.json");
            Files.createDirectories(real.getParent());
            Files.writeString(real, "{}");
            Path link = Files.createSymbolicLink(directory.resolve("creor.json"), real);

            edit(link, ConfigEdit.set(TIMEOUT, 1000L));

            assertThat(Files.isSymbolicLink(link)).isTrue();
            assertThat(Files.readString(real)).contains("\"timeout\": 1000");
        }

        @Test
        void leavesNoTemporaryFileBehind() throws IOException {
            Path file = file("{}");

            edit(file, ConfigEdit.set(TIMEOUT, 1000L));

            try (var files = Files.list(directory)) {
                assertThat(files).containsExactly(file);
            }
        }

        @Test
        void readsValuesAsJsonLikeObjects() throws IOException {
            Path file = file("{ // c\n \"provider\": {\"openrouter\": {\"whitelist\": [\"openai/*\"], \"timeout\": 5000,}}}");
            ConfigFileEditor editor = new ConfigFileEditor(file);

            assertThat(editor.read(WHITELIST)).contains(List.of("openai/*"));
            assertThat(editor.read(TIMEOUT)).contains(5000L);
            assertThat(editor.read(ConfigEdit.path("provider.openrouter"))).contains(
                    Map.of("whitelist", List.of("openai/*"), "timeout", 5000L));
            assertThat(editor.read(PLAN_MODEL)).isEmpty();
            assertThat(new ConfigFileEditor(directory.resolve("absent.json")).read(PLAN_MODEL)).isEmpty();
        }
    }

    @Nested
    class Refusing {
        private EditOutcome.Refused refused(Path file, ConfigEdit... edits) throws IOException {
            byte[] before = Files.readAllBytes(file);
            EditOutcome outcome = new ConfigFileEditor(file).apply(List.of(edits));
            assertThat(outcome).isInstanceOf(EditOutcome.Refused.class);
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
            return (EditOutcome.Refused) outcome;
        }

        @Test
        void refusesToDropACommentInsideTheReplacedValue() throws IOException {
            Path file = file("{\"provider\": {\"openrouter\": {\"whitelist\": [\n  \"openai/*\" // for now\n]}}}");

            EditOutcome.Refused refused = refused(file, ConfigEdit.set(WHITELIST, List.of("anthropic/claude-sonnet-4")));

            assertThat(refused.reason()).isEqualTo("Creor did not change " + file + ": a comment stands inside a value "
                    + "that would be replaced or removed, and Creor never drops comments. Add the settings below to it "
                    + "yourself; merge them with the keys already there.");
            assertThat(refused.snippet()).isEqualTo("""
                    {
                      "provider": {
                        "openrouter": {
                          "whitelist": ["anthropic/claude-sonnet-4"]
                        }
                      }
                    }""");
        }

        @Test
        void refusesAFileThatDoesNotParseAndSaysWhere() throws IOException {
            Path file = file("{\n  \"model\": \"openrouter/openai/o3\"\n  \"agent\": {}\n}\n");

            EditOutcome.Refused refused = refused(file, ConfigEdit.set(PLAN_MODEL, "openrouter/openai/o3"));

            assertThat(refused.reason()).startsWith("Creor did not change " + file
                    + ": it cannot be parsed at line 3, column 3 (expected ',' or '}' after a value, found '\"'; is a "
                    + "comma missing?); fix it first.");
        }

        @Test
        void refusesAKeyThatIsNotAnObjectOnThePath() throws IOException {
            Path file = file("{\"agent\": {\"plan\": \"openrouter/openai/o3\"}}");

            assertThat(refused(file, ConfigEdit.set(PLAN_MODEL, "openrouter/openai/o3")).reason())
                    .contains("agent.plan is not an object, so agent.plan.model cannot be set inside it");
        }

        @Test
        void refusesDuplicateKeys() throws IOException {
            Path file = file("{\"agent\": {}, \"agent\": {}}");

            assertThat(refused(file, ConfigEdit.set(PLAN_MODEL, "openrouter/openai/o3")).reason())
                    .contains("it cannot be parsed at line 1, column 15 (duplicate key \"agent\" (first defined at 1:2); "
                            + "keep one of them); fix it first");
        }

        @Test
        void refusesATopLevelThatIsNotAnObject() throws IOException {
            Path file = file("[1, 2]");

            assertThat(refused(file, ConfigEdit.set(TIMEOUT, 1000L)).reason())
                    .contains("(expected a JSON object {...} at the top level, got an array)");
        }

        @Test
        void refusesToRemoveAMemberWhoseValueHoldsAComment() throws IOException {
            Path file = file("{\n  \"provider\": {\n    \"openrouter\": {\n      \"timeout\": /* ten minutes */ 600000\n    }\n  }\n}\n");

            EditOutcome.Refused refused = refused(file, ConfigEdit.remove(TIMEOUT));

            assertThat(refused.reason()).contains("and remove provider.openrouter.timeout");
        }

        @Test
        void aFileOthersMayWriteIsNeitherReadNorWrittenLikeTheLoaderRefusesIt() throws IOException {
            Path file = file("{\"model\": \"openrouter/openai/o3\"}");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            byte[] before = Files.readAllBytes(file);
            ConfigFileEditor editor = new ConfigFileEditor(file);

            assertThatThrownBy(() -> editor.apply(List.of(ConfigEdit.set(TIMEOUT, 1000L))))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(error.getMessage()).isEqualTo("the config file " + file
                                + " may be written by users other than its owner " + System.getProperty("user.name")
                                + " (mode rw-rw-rw-)");
                        assertThat(error.hint()).hasValue("run `chmod go-w " + file + "`, and check that nobody changed it");
                    });
            assertThatThrownBy(() -> editor.read(TIMEOUT)).isInstanceOf(CreorException.class);
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }

        @Test
        void aFileThatIsNotUtf8IsAnError() throws IOException {
            Path file = directory.resolve("creor.json");
            Files.write(file, new byte[] {'{', (byte) 0xff, '}'});

            assertThatThrownBy(() -> new ConfigFileEditor(file).apply(List.of(ConfigEdit.set(TIMEOUT, 1L))))
                    .isInstanceOfSatisfying(CreorException.class,
                            error -> assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
        }
    }
}
