package dev.creor.cli;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.Message;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The images of {@code creor run --image}: read from disk, their media type decided by their
 * first bytes (a file named {@code .png} that is really a JPEG is sent as the JPEG it is), and
 * refused with a usage error when missing, unreadable, too large or not an image a model reads.
 */
final class ImageFiles {
    /** OpenRouter's and the upstream providers' limit for one image is around 20 MB. */
    static final long MAX_BYTES = 20L * 1024 * 1024;

    private ImageFiles() {
    }

    /** The image at {@code argument}, resolved against {@code workingDirectory}. */
    static Message.Media read(String argument, Path workingDirectory) {
        Path file = workingDirectory.resolve(argument);
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw usage(argument, "is a directory, not an image file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw usage(argument, "has " + size + " bytes; an image may have at most " + MAX_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            throw usage(argument, "does not exist (looked for " + file.toAbsolutePath().normalize() + ")");
        } catch (AccessDeniedException denied) {
            throw usage(argument, "cannot be read: permission denied");
        } catch (IOException unreadable) {
            throw usage(argument, "cannot be read: " + unreadable.getMessage());
        }
        return Message.Media.bytes(bytes, mediaType(argument, bytes));
    }

    /** PNG, JPEG, GIF or WebP by their signatures; anything else is refused. */
    static String mediaType(String argument, byte[] bytes) {
        if (startsWith(bytes, 0, (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')) {
            return "image/png";
        }
        if (startsWith(bytes, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return "image/webp";
        }
        throw usage(argument, bytes.length == 0 ? "is empty" : "is not a PNG, JPEG, GIF or WebP image");
    }

    private static boolean startsWith(byte[] bytes, int offset, int... signature) {
        if (bytes.length < offset + signature.length) {
            return false;
        }
        byte[] expected = new byte[signature.length];
        for (int i = 0; i < signature.length; i++) {
            expected[i] = (byte) signature[i];
        }
        return Arrays.equals(bytes, offset, offset + signature.length, expected, 0, expected.length);
    }

    private static CreorException usage(String argument, String problem) {
        return CreorException.builder(ErrorCode.USAGE, "--image " + argument + " " + problem)
                .hint("give a PNG, JPEG, GIF or WebP file, e.g. creor run --image screenshot.png \"what is wrong here?\"")
                .build();
    }
}
