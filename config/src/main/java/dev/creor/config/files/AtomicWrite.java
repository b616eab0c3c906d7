package dev.creor.config.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces a file's content so that a reader sees the old file or the new one, never half of
 * one, and a crash leaves the old one: the content goes into a temporary file beside it
 * ({@code .NAME.*.tmp}, created exclusively, readable by its owner only from the start), is
 * forced to disk, gets its final mode, and is renamed over the file in one atomic step; then
 * the folder is forced so the rename itself is durable. The credential store, the trust store
 * and the config file editor write this way.
 *
 * <pre>{@code
 * AtomicWrite.replace(file, bytes, Optional.of(PosixFilePermissions.fromString("rw-------")), temp -> { });
 * }</pre>
 */
public final class AtomicWrite {
    private static final System.Logger LOGGER = System.getLogger(AtomicWrite.class.getName());
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private AtomicWrite() {
    }

    /**
     * Replaces (or creates) {@code file} with {@code content}. No temporary file is left
     * behind, whatever fails, and the old file is then as it was.
     *
     * @param file         the file; its folder must exist
     * @param content      the new content
     * @param mode         the new file's POSIX permissions; empty where the file system has none
     * @param beforeRename sees the complete temporary file before the rename, and may stop it
     *                     by throwing (to refuse a file that changed meanwhile, say)
     * @throws IOException when the content cannot be written, or the file system cannot rename
     *                     atomically
     */
    public static void replace(Path file, byte[] content, Optional<Set<PosixFilePermission>> mode,
            PrivateFile.BeforeReplace beforeRename) throws IOException {
        Objects.requireNonNull(content, "content is null");
        Objects.requireNonNull(mode, "mode is null");
        Objects.requireNonNull(beforeRename, "beforeRename is null");
        Path target = file.toAbsolutePath();
        Path directory = Objects.requireNonNull(target.getParent(), "file has no parent directory");
        String prefix = "." + target.getFileName() + ".";
        Path temp = mode.isPresent()
                ? Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                : Files.createTempFile(directory, prefix, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (mode.isPresent() && !mode.get().equals(OWNER_READ_WRITE)) {
                Files.setPosixFilePermissions(temp, mode.get());
            }
            beforeRename.run(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot replace a file atomically", e);
            }
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes a rename in the folder durable; where a folder cannot be opened (Windows) the OS does it. */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "cannot force directory {0} to disk: {1}", directory, e.toString());
        }
    }
}
