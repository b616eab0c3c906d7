package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that cannot be configuration, each a located problem rather than an exception; and large ones that can. */
class FileProblemsTest {
    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    private List<String> problems() {
        return fixture.load().report().problems().stream().map(ConfigProblem::render).toList();
    }

    @Test
    void anEmptyFile() {
        fixture.project("creor.json", "");

        assertThat(problems()).containsExactly("creor.json:1:1: the file is empty; write {} for an empty configuration");
    }

    @Test
    void aFileWithAByteOrderMarkCommentsAndTrailingCommasLoads() throws IOException {
        Files.write(fixture.project.resolve("creor.jsonc"), ("\uFEFF// settings\n{\"model\": \"openrouter/a/b\", /* x */}")
                .getBytes(StandardCharsets.UTF_8));

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.report().problems()).isEmpty();
        assertThat(loaded.provenance().describe("/model")).isEqualTo("creor.jsonc:2:11");
    }

    @Test
    void nonUtf8BytesAreReportedWithTheirOffsetAndPosition() throws IOException {
        Files.write(fixture.project.resolve("creor.json"), new byte[] {'{', '\n', '"', 'a', '"', ':', ' ', '"', (byte) 0xE9, '"', '}'});

        assertThat(problems()).containsExactly("creor.json:2:7: the file is not valid UTF-8: byte 0xE9 at byte offset 8 cannot be"
                + " decoded; save the file as UTF-8");
    }

    @Test
    void aFiftyMegabyteFileIsRefusedWithoutBeingRead() throws IOException {
        try (RandomAccessFile sparse = new RandomAccessFile(fixture.project.resolve("creor.json").toFile(), "rw")) {
            sparse.setLength(50L * 1024 * 1024);
        }

        assertThat(problems()).containsExactly("creor.json: the file is 52428800 bytes, more than the 8 MiB (8388608 bytes)"
                + " a config file may have");
    }

    @Test
    void nestingDeeperThanSixtyFourLevels() {
        fixture.project("creor.json", "{\"agent\": " + "[".repeat(70) + "]".repeat(70) + "}");

        assertThat(problems()).containsExactly("creor.json:1:74: " + "/agent" + "/0".repeat(63)
                + ": objects and arrays are nested deeper than 64 levels; a configuration never needs that many");
    }

    @Test
    void malformedJsonAtTheExactPosition() {
        fixture.project("creor.json", "{\n  \"model\": \"openrouter/a/b\"\n  \"agent\": {}\n}");

        assertThat(problems()).containsExactly("creor.json:3:3: expected ',' or '}' after a value, found '\"'; is a comma missing?");
    }

    @Test
    void aFileThatCannotBeOpened() throws IOException {
        Path loop = fixture.project.resolve("creor.json");
        Files.createSymbolicLink(loop, loop);

        assertThat(problems()).singleElement().asString().startsWith("creor.json: the file cannot be read: ");
    }

    @Test
    void anUnreadableFile() throws IOException {
        Path file = fixture.project("creor.json", "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(file), "the superuser can read any file");

        assertThat(problems()).containsExactly("creor.json: the file cannot be read: permission denied");
    }

    @Test
    void aOneMegabyteConfigurationLoads() {
        StringBuilder json = new StringBuilder("{\n  \"model\": \"openrouter/anthropic/claude-sonnet-4\",\n  \"agent\": {\n");
        String prompt = "You review code carefully and explain every finding. ".repeat(18);
        int agents = 0;
        while (json.length() < 1_000_000) {
            json.append("    \"agent-").append(agents++).append("\": {\"model\": \"openrouter/openai/gpt-4o\", \"temperature\": 0.3,"
                    + " \"fallbacks\": [\"openrouter/google/gemini-2.5-flash\"], \"prompt\": \"").append(prompt).append("\"},\n");
        }
        json.append("  }\n}\n");
        fixture.project("creor.json", json.toString());

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.report().problems()).isEmpty();
        assertThat(loaded.config().agents()).hasSize(agents);
        assertThat(loaded.provenance().describe("/agent/agent-" + (agents - 1) + "/model")).startsWith("creor.json:" + (agents + 3) + ":");
    }
}
