package dev.creor.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8AndDropsAByteOrderMark() throws IOException {
        Path file = dir.resolve("creor.json");
        Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'});

        SourceReader.Text text = SourceReader.readFile(file);

        assertThat(text.ok()).isTrue();
        assertThat(text.text()).isEqualTo("{}");
        assertThat(SourceReader.fromString("\uFEFF{}").text()).isEqualTo("{}");
    }

    @Test
    void reportsInvalidUtf8WithTheByteOffsetLineAndColumn() throws IOException {
        Path file = dir.resolve("creor.json");
        byte[] prefix = "{\n  \"model\": \"é".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + 3];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        bytes[prefix.length] = (byte) 0xFF;
        bytes[prefix.length + 1] = '"';
        bytes[prefix.length + 2] = '}';
        Files.write(file, bytes);

        SourceReader.Text text = SourceReader.readFile(file);

        assertThat(text.ok()).isFalse();
        assertThat(text.problem()).isEqualTo("the file is not valid UTF-8: byte 0xFF at byte offset 16 cannot be decoded;"
                + " save the file as UTF-8");
        assertThat(text.line()).isEqualTo(2);
        assertThat(text.column()).isEqualTo(14);
    }

    @Test
    void recognisesUtf16() throws IOException {
        Path file = dir.resolve("creor.json");
        Files.write(file, "\uFEFF{}".getBytes(StandardCharsets.UTF_16LE));

        assertThat(SourceReader.readFile(file).problem()).isEqualTo("the file is encoded as UTF-16 or UTF-32; save it as UTF-8");
    }

    @Test
    void reportsAMissingFileADirectoryAndABrokenLink() throws IOException {
        assertThat(SourceReader.readFile(dir.resolve("nope.json")).problem()).isEqualTo("the file does not exist");
        Path directory = Files.createDirectory(dir.resolve("creor.json"));
        assertThat(SourceReader.readFile(directory).problem()).isEqualTo("this is a directory, not a file");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), dir.resolve("gone.json"));
        assertThat(SourceReader.readFile(link).problem()).isEqualTo("this is a symbolic link to a file that does not exist");
    }

    @Test
    void reportsAFileThatCannotBeReadWithTheSystemsReason() throws IOException {
        Path loop = dir.resolve("loop.json");
        Files.createSymbolicLink(loop, loop);

        SourceReader.Text text = SourceReader.readFile(loop);

        assertThat(text.problem()).startsWith("the file cannot be read: ").containsIgnoringCase("symbolic links");
        assertThat(text.line()).isZero();
    }

    @Test
    void reportsPermissionDenied() throws IOException {
        Path file = Files.writeString(dir.resolve("creor.json"), "{}");
        assumeTrue(Files.getFileStore(file).supportsFileAttributeView("posix"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "the superuser can read any file");

        assertThat(SourceReader.readFile(file).problem()).isEqualTo("the file cannot be read: permission denied");
    }

    @Test
    void refusesA50MegabyteFileWithoutReadingIt() throws IOException {
        Path file = dir.resolve("creor.json");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(50L * 1024 * 1024);
        }

        SourceReader.Text text = SourceReader.readFile(file);

        assertThat(text.problem()).isEqualTo("the file is 52428800 bytes, more than the 8 MiB (8388608 bytes) a config file"
                + " may have");
        assertThat(text.line()).isZero();
    }

    @Test
    void acceptsAFileOfExactlyTheLimit() throws IOException {
        Path file = dir.resolve("creor.json");
        byte[] bytes = new byte[SourceReader.MAX_BYTES];
        java.util.Arrays.fill(bytes, (byte) ' ');
        bytes[0] = '{';
        bytes[bytes.length - 1] = '}';
        Files.write(file, bytes);

        assertThat(SourceReader.readFile(file).ok()).isTrue();
    }

    @Test
    void refusesTooLongInlineText() {
        assertThat(SourceReader.fromString(" ".repeat(SourceReader.MAX_BYTES + 1)).problem()).startsWith("the file is 8388609 bytes");
    }
}
