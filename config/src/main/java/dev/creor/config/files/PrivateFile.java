package dev.creor.config.files;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file only its owner may read, in a folder only its owner may write, that is read without
 * following links and replaced atomically under a lock: {@code auth.json} (the keys) and
 * {@code trust.json} (the trusted folders).
 *
 * <p><b>Reading</b> refuses, with a {@code CONFIG_INVALID} error that names the fix: a folder
 * that is not the user's own or that others may write (see {@link FileOwnership}); a symbolic
 * link in the file's place (it is never followed: a link would let whoever made it choose what
 * Creor reads, or, on the next write, where the secrets go); anything but a regular file; a
 * file that grants anything to group or others; and a file of another user. The file is opened
 * with {@link LinkOption#NOFOLLOW_LINKS}, so a link put in its place between the checks and the
 * read fails the read instead of being followed.
 *
 * <p><b>Writing</b> ({@link #replace}, inside {@link #underLock}) puts the new content in a
 * temporary file beside it, created exclusively with mode 0600 from the start, forces it to
 * disk, renames it over the file in one atomic step and forces the folder. Writers take an
 * exclusive lock on the sibling {@code NAME.lock} (opened without following links, and locked
 * per path within this JVM too, since file locks belong to the process), and remove the
 * temporary files a writer that crashed before its rename left behind: they hold a whole copy
 * of the secrets. The folder is created with mode 0700 when missing. Readers need no lock: they
 * see the old file or the new one, never half of one.
 *
 * <p>Where the file system has no POSIX permissions, modes can be neither set nor checked;
 * {@link #protectionWarning()} says so.
 *
 * <p>Instances are thread-safe; every method does blocking file I/O.
 */
public final class PrivateFile {
    private static final System.Logger LOGGER = System.getLogger(PrivateFile.class.getName());
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** File locks belong to the process, so threads of one JVM exclude each other here. */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path directory;
    private final Path lockFile;
    private final String role;
    private final String ifExposed;
    private final String recovery;
    private final int maxBytes;
    private final boolean posix;
    private final BeforeReplace beforeReplace;

    private PrivateFile(Builder builder) {
        this.file = builder.file;
        this.directory = Objects.requireNonNull(file.getParent(), "file has no parent directory");
        this.lockFile = directory.resolve(file.getFileName() + ".lock");
        this.role = builder.role;
        this.ifExposed = builder.ifExposed;
        this.recovery = builder.recovery;
        this.maxBytes = builder.maxBytes;
        this.posix = builder.posix == null ? file.getFileSystem().supportedFileAttributeViews().contains("posix")
                : builder.posix;
        this.beforeReplace = builder.beforeReplace;
    }

    /** Starts a private file at {@code file}; the path is made absolute. */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** The file. */
    public Path path() {
        return file;
    }

    /** The folder it lives in. */
    public Path directory() {
        return directory;
    }

    /**
     * Why the file cannot be protected, when its file system has no POSIX permissions; empty
     * where mode 0600 and 0700 are set and checked.
     */
    public Optional<String> protectionWarning() {
        if (posix) {
            return Optional.empty();
        }
        return Optional.of("the file system of " + directory + " has no POSIX permissions, so Creor cannot restrict "
                + file + " to your user; keep that folder private (its access-control list decides who can read it)");
    }

    /**
     * The file's content, or empty when there is no file.
     *
     * @throws CreorException with {@code CONFIG_INVALID} when the file or its folder is unsafe
     *                        (see the class description), or is larger than the builder's limit
     * @throws IOException    when it cannot be read
     */
    public Optional<byte[]> read() throws IOException {
        if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        checkDirectory();
        try {
            checkFile();
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             InputStream in = Channels.newInputStream(channel)) {
            byte[] content = in.readNBytes(maxBytes + 1);
            if (content.length > maxBytes) {
                throw CreorException.builder(ErrorCode.CONFIG_INVALID, role + " " + file + " is larger than "
                        + maxBytes + " bytes, which it never is").hint(recovery).build();
            }
            return Optional.of(content);
        } catch (NoSuchFileException removedMeanwhile) {
            return Optional.empty();
        } catch (IOException linkedMeanwhile) {
            // O_NOFOLLOW fails with ELOOP, which Java reports as a plain IOException.
            if (Files.isSymbolicLink(file)) {
                throw symbolicLink();
            }
            throw linkedMeanwhile;
        }
    }

    /**
     * Runs {@code action} holding the file's lock, after creating the folder (mode 0700) when it
     * is missing, checking it, and removing temporary files that a crashed writer left behind.
     *
     * @throws CreorException with {@code CONFIG_INVALID} when the folder or the lock file is
     *                        unsafe, or whatever the action throws
     * @throws IOException    when the lock cannot be taken, or the action fails with one
     */
    public <T> T underLock(LockedAction<T> action) throws IOException {
        Objects.requireNonNull(action, "action is null");
        ReentrantLock inProcess = IN_PROCESS_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        inProcess.lock();
        try {
            createDirectory();
            checkDirectory();
            try (FileChannel channel = openLockFile()) {
                FileLock lock = channel.lock();
                try {
                    removeStaleTemporaryFiles();
                    return action.run();
                } finally {
                    lock.release();
                }
            }
        } finally {
            inProcess.unlock();
        }
    }

    /**
     * Replaces the file's content atomically; call it inside {@link #underLock}. The old file is
     * left as it was when anything fails, and no temporary file is left behind.
     *
     * @throws IOException when the new content cannot be written, or the file system cannot
     *                     rename atomically
     */
    public void replace(byte[] content) throws IOException {
        AtomicWrite.replace(file, content, posix ? Optional.of(OWNER_READ_WRITE) : Optional.empty(), beforeReplace);
    }

    /**
     * Moves the file aside to {@code backup} (a name in the same folder); call it inside
     * {@link #underLock}. A regular file is renamed. A symbolic link is not moved, since a
     * backup that is a link would not keep what it pointed to: the bytes of the regular file it
     * points to (up to the size limit) are copied into {@code backup}, created with mode 0600,
     * and the link is removed; a link to nothing else usable is just removed, and the result is
     * then empty.
     *
     * @return the backup, when there were bytes to keep
     * @throws IOException when the file cannot be inspected, copied or moved
     */
    public Optional<Path> moveAside(Path backup) throws IOException {
        Objects.requireNonNull(backup, "backup is null");
        if (!directory.equals(backup.toAbsolutePath().normalize().getParent())) {
            throw new IllegalArgumentException("the backup must be in " + directory + ": " + backup);
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isSymbolicLink()) {
            Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
            restrict(backup);
            forceDirectory();
            return Optional.of(backup);
        }
        Optional<byte[]> target = linkTargetBytes();
        if (target.isPresent()) {
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            try (FileChannel channel = posix
                    ? FileChannel.open(backup, options, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                    : FileChannel.open(backup, options)) {
                ByteBuffer buffer = ByteBuffer.wrap(target.get());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
        }
        Files.delete(file);
        forceDirectory();
        return target.map(bytes -> backup);
    }

    /** The file's path; never its content. */
    @Override
    public String toString() {
        return "PrivateFile[" + file + "]";
    }

    private Optional<byte[]> linkTargetBytes() {
        try {
            BasicFileAttributes target = Files.readAttributes(file, BasicFileAttributes.class);
            if (!target.isRegularFile() || target.size() > maxBytes) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                return bytes.length > maxBytes ? Optional.empty() : Optional.of(bytes);
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private String temporaryPrefix() {
        return "." + file.getFileName() + ".";
    }

    private void removeStaleTemporaryFiles() throws IOException {
        String prefix = temporaryPrefix();
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory,
                entry -> entry.getFileName().toString().startsWith(prefix)
                        && entry.getFileName().toString().endsWith(".tmp"))) {
            for (Path temp : stale) {
                // Under the lock no writer is between creating its temp file and renaming it.
                Files.deleteIfExists(temp);
                LOGGER.log(System.Logger.Level.DEBUG, "removed {0}, left behind by a writer that did not finish", temp);
            }
        }
    }

    private void checkDirectory() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() && !attributes.isSymbolicLink()) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, role + "'s folder " + directory
                    + " is not a folder").hint("move it out of the way").build();
        }
        Optional<FileOwnership.Problem> problem = FileOwnership.check(directory);
        if (problem.isPresent()) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, problem.get().describe(role + "'s folder")
                            + "; whoever may write it could replace the file")
                    .hint(problem.get().fix()).build();
        }
    }

    private void checkFile() throws IOException {
        BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (basic.isSymbolicLink()) {
            throw symbolicLink();
        }
        if (!basic.isRegularFile()) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, role + " " + file + " is not a regular file")
                    .hint("move it out of the way; " + recovery).build();
        }
        if (!posix) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Optional<String> user = FileOwnership.currentUser();
        String owner = attributes.owner().getName();
        if (user.isPresent() && !user.get().equals(owner) && !owner.equals("root")) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, role + " " + file + " belongs to " + owner
                            + ", not to " + user.get() + " who runs creor")
                    .hint("as " + owner + " or root, run `chown " + user.get() + " " + file + "`, or " + recovery)
                    .build();
        }
        Set<PosixFilePermission> exposed = EnumSet.noneOf(PosixFilePermission.class);
        exposed.addAll(attributes.permissions());
        exposed.retainAll(GROUP_OR_OTHERS);
        if (!exposed.isEmpty()) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, role + " " + file
                            + " is open to other users (mode " + PosixFilePermissions.toString(attributes.permissions())
                            + "); it must be readable by you alone")
                    .hint("run `chmod 600 " + file + "` and " + ifExposed + ", or " + recovery)
                    .build();
        }
    }

    private CreorException symbolicLink() {
        String target;
        try {
            target = " to " + Files.readSymbolicLink(file);
        } catch (IOException | UnsupportedOperationException unreadable) {
            target = "";
        }
        return CreorException.builder(ErrorCode.CONFIG_INVALID, role + " " + file + " is a symbolic link" + target
                        + "; Creor never follows a link there, since whoever made it would choose what is read and "
                        + "where the next write goes")
                .hint("if the link is yours, replace it by the file it points to (`cp --remove-destination \"$(readlink -f "
                        + file + ")\" " + file + "`), else remove it; or " + recovery)
                .build();
    }

    private FileChannel openLockFile() throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            return posix
                    ? FileChannel.open(lockFile, options, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                    : FileChannel.open(lockFile, options);
        } catch (IOException refused) {
            // O_NOFOLLOW fails with ELOOP, which Java reports as a plain IOException.
            if (Files.isSymbolicLink(lockFile)) {
                throw CreorException.builder(ErrorCode.CONFIG_INVALID, role + "'s lock file " + lockFile
                                + " is a symbolic link; Creor never follows a link there")
                        .hint("remove the link (`rm " + lockFile + "`); Creor creates the lock file again").build();
            }
            throw refused;
        }
    }

    private void createDirectory() throws IOException {
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY)}
                : new FileAttribute<?>[0];
        try {
            Files.createDirectory(directory, attributes);
        } catch (FileAlreadyExistsException createdMeanwhile) {
            return;
        }
        if (posix) {
            // The mode given at creation passes through the umask; make it exactly 0700.
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        }
    }

    private void forceDirectory() {
        AtomicWrite.forceDirectory(directory);
    }

    private void restrict(Path backup) {
        if (!posix) {
            return;
        }
        try {
            Files.setPosixFilePermissions(backup, OWNER_READ_WRITE);
        } catch (IOException | SecurityException e) {
            // A file of another user keeps its mode; the move itself is what the user asked for.
            LOGGER.log(System.Logger.Level.DEBUG, "cannot restrict {0} to mode 0600: {1}", backup, e.toString());
        }
    }

    /** Work done while holding the file's lock. */
    @FunctionalInterface
    public interface LockedAction<T> {
        /**
         * Does the work.
         *
         * @throws IOException when a file operation fails
         */
        T run() throws IOException;
    }

    /** Runs between writing the temporary file and renaming it over the file. */
    @FunctionalInterface
    public interface BeforeReplace {
        /** Does nothing. */
        BeforeReplace NONE = temp -> { };

        /**
         * Sees the temporary file, complete and forced to disk, before the rename.
         *
         * @throws IOException to fail the write; the old file then stays
         */
        void run(Path temp) throws IOException;
    }

    /** Builds a {@link PrivateFile}. */
    public static final class Builder {
        private final Path file;
        private String role = "the file";
        private String ifExposed = "check who may have read it";
        private String recovery = "move it out of the way";
        private int maxBytes = 8 * 1024 * 1024;
        private Boolean posix;
        private BeforeReplace beforeReplace = BeforeReplace.NONE;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file is null").toAbsolutePath().normalize();
        }

        /** What the file is, for messages: {@code the credential store}. */
        public Builder role(String role) {
            this.role = Checks.requireText(role, "role");
            return this;
        }

        /**
         * What to do, besides {@code chmod 600}, when the file was open to others: {@code consider
         * replacing the keys it holds}.
         */
        public Builder ifExposed(String advice) {
            this.ifExposed = Checks.requireText(advice, "advice");
            return this;
        }

        /** How to start afresh when the file is unusable: {@code run `creor auth login --replace-corrupt`}. */
        public Builder recovery(String recovery) {
            this.recovery = Checks.requireText(recovery, "recovery");
            return this;
        }

        /** The largest content {@link #read()} accepts; 8 MiB by default. */
        public Builder maxBytes(int maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Whether to set and check POSIX modes; by default, whether the file system supports them.
         * Turning it off where they exist is for tests of the behaviour on other systems.
         */
        public Builder posix(boolean posix) {
            this.posix = posix;
            return this;
        }

        /** Sees each complete temporary file before it is renamed over the file; for tests that observe a write. */
        public Builder beforeReplace(BeforeReplace hook) {
            this.beforeReplace = Objects.requireNonNull(hook, "hook is null");
            return this;
        }

        /** Creates it; nothing is read or written yet. */
        public PrivateFile build() {
            return new PrivateFile(this);
        }

    }
}
