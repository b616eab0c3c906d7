package dev.creor.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a config file (or a file a {@code {file:...}} reference names) as UTF-8 text, turning
 * every way that can fail into a sentence instead of an exception: missing, a directory, not a
 * regular file, too large (checked before reading, so a 50 MB file is never read), unreadable,
 * encoded as UTF-16, or not valid UTF-8 (with the byte offset, line and column).
 */
public final class SourceReader {
    /** The largest file Creor reads as config or as a {@code {file:...}} reference: 8 MiB. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    private SourceReader() {
    }

    /**
     * The text, or a problem and where in the file it is (line and column 0 for problems with the
     * file as a whole, such as its size).
     */
    public record Text(String text, String problem, int line, int column) {
        static Text of(String text) {
            return new Text(text, null, 0, 0);
        }

        static Text failed(String problem) {
            return new Text(null, problem, 0, 0);
        }

        /** Whether reading succeeded. */
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * A file's bytes, or a problem (line and column are never known at this stage).
     *
     * @param bytes   the content, or null when reading failed
     * @param problem what went wrong, or null
     */
    public record Bytes(byte[] bytes, String problem) {
        /** Whether reading succeeded. */
        public boolean ok() {
            return problem == null;
        }
    }

    /** Reads a file; see the class description for what can go wrong. */
    public static Text readFile(Path path) {
        Bytes read = readBytes(path);
        return read.ok() ? decode(read.bytes()) : Text.failed(read.problem());
    }

    /** Reads a file's bytes with the checks of {@link #readFile}, except decoding. */
    public static Bytes readBytes(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return new Bytes(null, Files.isSymbolicLink(path) ? "this is a symbolic link to a file that does not exist"
                    : "the file does not exist");
        } catch (IOException e) {
            return new Bytes(null, "the file cannot be read: " + reason(e));
        }
        if (attributes.isDirectory()) {
            return new Bytes(null, "this is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            return new Bytes(null, "this is not a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            return new Bytes(null, tooLarge(attributes.size()).problem());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // Bounded, in case the file grows after its size was checked.
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            return new Bytes(null, "the file cannot be read: " + reason(e));
        }
        if (bytes.length > MAX_BYTES) {
            return new Bytes(null, tooLarge(bytes.length).problem());
        }
        return new Bytes(bytes, null);
    }

    /** Checks text that did not come from a file (an environment variable) the same way. */
    public static Text fromString(String text) {
        if (text.length() > MAX_BYTES) {
            return tooLarge(text.length());
        }
        return Text.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** Decodes UTF-8 bytes, dropping a byte order mark. */
    public static Text decode(byte[] bytes) {
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
            // The byte order mark at 1:1 says so.
            return new Text(null, "the file is encoded as UTF-16 or UTF-32; save it as UTF-8", 1, 1);
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        out.flip();
        if (result.isError()) {
            int offset = in.position();
            return invalidUtf8(out, offset, bytes[offset] & 0xFF);
        }
        return Text.of(out.toString());
    }

    private static Text invalidUtf8(CharBuffer decoded, int offset, int badByte) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < decoded.limit(); i++) {
            char c = decoded.get(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= decoded.limit() || decoded.get(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Text(null, String.format("the file is not valid UTF-8: byte 0x%02X at byte offset %d cannot be"
                + " decoded; save the file as UTF-8", badByte, offset), line, column);
    }

    private static Text tooLarge(long size) {
        return Text.failed("the file is " + size + " bytes, more than the 8 MiB (" + MAX_BYTES
                + " bytes) a config file may have");
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fileSystemException && fileSystemException.getReason() != null) {
            return fileSystemException.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
