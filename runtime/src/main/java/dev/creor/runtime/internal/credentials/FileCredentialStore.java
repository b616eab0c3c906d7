package dev.creor.runtime.internal.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.CredentialStore;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The credential store in {@code $XDG_DATA_HOME/creor/auth.json} (by default
 * {@code ~/.local/share/creor/auth.json}): the keys saved by {@code creor auth login} and the
 * settings page.
 *
 * <p><b>Format.</b> A JSON object with one entry per provider,
 * {@code {"openrouter": {"type": "api", "key": "sk-or-v1-..."}}}. Entries this version does not
 * understand, and unknown fields of an entry, survive every rewrite.
 *
 * <p><b>Protection.</b> The {@code creor} directory is created with mode 0700 and the file is
 * only ever written with mode 0600. Before reading, the store checks that the file grants
 * nothing to group or others and belongs to the user running Creor; otherwise it refuses with a
 * {@code CONFIG_INVALID} error that names the fix. Where the file system has no POSIX
 * permissions (Windows), nothing can be checked or set, and {@link #protectionWarning()} says so.
 *
 * <p><b>Writes</b> are read-modify-write under an exclusive lock on the sibling file
 * {@code auth.json.lock} (a {@link FileLock}, which excludes other processes, plus a lock per
 * path within this JVM, since file locks are held per process). The new content goes to a temp
 * file in the same directory, created with mode 0600 from the start, is forced to disk, renamed
 * over {@code auth.json} atomically, and the directory is forced too. Two processes writing at
 * once therefore never lose an entry, and a crash leaves the old or the new file, never a torn
 * one. The lock file is never deleted: deleting it would let two writers lock two different files.
 *
 * <p><b>Reads</b> take no lock. Because the file is only ever replaced by an atomic rename, a
 * reader opens either the old or the new file and reads it whole; a lock would add nothing but
 * the chance of waiting on a stuck writer, and would fail where the directory is read-only.
 *
 * <p><b>A corrupt file</b> (not JSON, or not of the shape above) or one with unsafe permissions
 * is never overwritten: every operation fails with {@code CONFIG_INVALID} until the user fixes
 * it or calls {@link #replaceCorrupt()}, which moves it to a timestamped backup beside it.
 *
 * <p>No key appears in an exception message, a log record or {@link #toString()}. Every method
 * does blocking file I/O; call it from a thread that may block. Instances are thread-safe.
 */
public final class FileCredentialStore implements CredentialStore {
    /** The store's file name within the {@code creor} data directory. */
    public static final String FILE_NAME = "auth.json";

    private static final System.Logger LOGGER = System.getLogger(FileCredentialStore.class.getName());
    private static final String APP_DIRECTORY = "creor";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final DateTimeFormatter BACKUP_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** File locks belong to the process, so threads of one JVM exclude each other here. */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path directory;
    private final Path lockFile;
    private final Clock clock;
    private final boolean posix;
    private final ReplaceHook replaceHook;

    /** A store in the given file, e.g. {@code /home/ada/.local/share/creor/auth.json}. */
    public FileCredentialStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /** A store in the given file, naming backups of a corrupt file by the given clock's time. */
    public FileCredentialStore(Path file, Clock clock) {
        this(file, clock, supportsPosix(file), ReplaceHook.NONE);
    }

    FileCredentialStore(Path file, Clock clock, boolean posix, ReplaceHook replaceHook) {
        this.file = Objects.requireNonNull(file, "file is null").toAbsolutePath().normalize();
        this.directory = Objects.requireNonNull(this.file.getParent(), "file has no parent directory");
        this.lockFile = directory.resolve(this.file.getFileName() + ".lock");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.posix = posix;
        this.replaceHook = Objects.requireNonNull(replaceHook, "replaceHook is null");
    }

    /**
     * The store of the user whose home directory is {@code home}, at
     * {@link #defaultLocation(Environment, Path)}.
     */
    public static FileCredentialStore forUser(Environment environment, Path home) {
        return new FileCredentialStore(defaultLocation(environment, home));
    }

    /**
     * {@code $XDG_DATA_HOME/creor/auth.json}, or {@code <home>/.local/share/creor/auth.json}
     * when {@code XDG_DATA_HOME} is unset or, as the XDG specification asks, not absolute.
     */
    public static Path defaultLocation(Environment environment, Path home) {
        Objects.requireNonNull(environment, "environment is null");
        Objects.requireNonNull(home, "home is null");
        Path dataHome = environment.get("XDG_DATA_HOME")
                .map(Path::of)
                .filter(Path::isAbsolute)
                .orElseGet(() -> home.resolve(".local").resolve("share"));
        return dataHome.resolve(APP_DIRECTORY).resolve(FILE_NAME);
    }

    /** The file this store keeps its credentials in. */
    public Path path() {
        return file;
    }

    /**
     * Why the file cannot be protected, when its file system has no POSIX permissions; empty
     * where the store creates and checks mode 0600 and 0700.
     */
    public Optional<String> protectionWarning() {
        if (posix) {
            return Optional.empty();
        }
        return Optional.of("the file system of " + directory + " has no POSIX permissions, so Creor cannot restrict "
                + file + " to your user; keep that folder private (its access-control list decides who can read "
                + "your keys)");
    }

    /**
     * {@inheritDoc}
     *
     * @throws CreorException with {@code USAGE} for a malformed provider id, {@code CONFIG_INVALID}
     *                        when the file is corrupt or unsafely protected, {@code IO_ERROR}
     *                        when it cannot be read
     */
    @Override
    public Optional<Secret> get(String providerId) {
        ProviderIds.require(providerId);
        return AuthFileFormat.key(read(), providerId);
    }

    /**
     * {@inheritDoc}
     *
     * @throws CreorException as {@link #get}, and with {@code IO_ERROR} when the file cannot
     *                        be written; the old file is then left as it was
     */
    @Override
    public void put(String providerId, Secret secret) {
        ProviderIds.require(providerId);
        Objects.requireNonNull(secret, "secret is null");
        underLock(() -> {
            ObjectNode entries = readUnlocked();
            AuthFileFormat.putKey(entries, providerId, secret);
            write(entries);
            return null;
        });
        LOGGER.log(System.Logger.Level.DEBUG, "stored the credential of {0} in {1}", providerId, file);
    }

    /**
     * {@inheritDoc} Any entry under the id is removed, whatever its type.
     *
     * @throws CreorException as {@link #put}
     */
    @Override
    public boolean remove(String providerId) {
        ProviderIds.require(providerId);
        if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
            // Nothing to remove, and no reason to create the directory and lock file for it.
            return false;
        }
        boolean removed = underLock(() -> {
            ObjectNode entries = readUnlocked();
            if (entries.remove(providerId) == null) {
                return false;
            }
            write(entries);
            return true;
        });
        if (removed) {
            LOGGER.log(System.Logger.Level.DEBUG, "removed the credential of {0} from {1}", providerId, file);
        }
        return removed;
    }

    /**
     * {@inheritDoc} Sorted; entries of other types and under names that are not provider ids
     * are kept in the file but not listed.
     *
     * @throws CreorException as {@link #get}
     */
    @Override
    public Set<String> providerIds() {
        Set<String> ids = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : read().properties()) {
            if (ProviderIds.isValid(entry.getKey()) && AuthFileFormat.isApiEntry(entry.getValue())) {
                ids.add(entry.getKey());
            }
        }
        return Collections.unmodifiableSet(ids);
    }

    /**
     * Moves an unusable store aside, so that the next {@link #put} starts a new one: when the
     * file is corrupt, has unsafe permissions or belongs to another user, it is renamed to
     * {@code auth.json.corrupt-<UTC time>} beside it (mode 0600 where this process may set it)
     * and that path is returned. A readable store, or none at all, is left alone and the result
     * is empty.
     *
     * @throws CreorException with {@code IO_ERROR} when the file cannot be inspected or moved
     */
    public Optional<Path> replaceCorrupt() {
        return underLock(() -> {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            try {
                readUnlocked();
                return Optional.empty();
            } catch (CreorException unusable) {
                if (unusable.code() != ErrorCode.CONFIG_INVALID) {
                    throw unusable;
                }
            }
            Path backup = backupPath();
            Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
            restrictBackup(backup);
            forceDirectory();
            LOGGER.log(System.Logger.Level.INFO, "moved the unusable credential store {0} to {1}", file, backup);
            return Optional.of(backup);
        });
    }

    /** Names the file; never its content. */
    @Override
    public String toString() {
        return "FileCredentialStore[" + file + "]";
    }

    private ObjectNode read() {
        try {
            return readUnlocked();
        } catch (IOException e) {
            throw ioError("read", e);
        }
    }

    private ObjectNode readUnlocked() throws IOException {
        byte[] content;
        try {
            checkProtection();
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return AuthFileFormat.empty();
        }
        return AuthFileFormat.parse(content, file);
    }

    private void checkProtection() throws IOException {
        if (!posix) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (!Files.isRegularFile(file)) {
                throw notARegularFile();
            }
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw notARegularFile();
        }
        Set<PosixFilePermission> exposed = EnumSet.noneOf(PosixFilePermission.class);
        exposed.addAll(attributes.permissions());
        exposed.retainAll(GROUP_OR_OTHERS);
        if (!exposed.isEmpty()) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the credential store " + file
                            + " is open to other users (mode " + PosixFilePermissions.toString(attributes.permissions())
                            + "); it must be readable by you alone")
                    .hint("run `chmod 600 " + file + "` and consider replacing the keys it holds, or run "
                            + "`creor auth login <provider> --replace-corrupt` to move it to a backup and start a new one")
                    .build();
        }
        String owner = attributes.owner().getName();
        Optional<String> user = CurrentUser.NAME;
        if (user.isPresent() && !user.get().equals(owner)) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the credential store " + file + " belongs to "
                            + owner + ", not to " + user.get() + " who runs creor")
                    .hint("as " + owner + " or root, run `chown " + user.get() + " " + file
                            + "`, or set XDG_DATA_HOME to a directory of your own")
                    .build();
        }
    }

    private CreorException notARegularFile() {
        return CreorException.builder(ErrorCode.CONFIG_INVALID, "the credential store " + file + " is not a regular file")
                .hint("move it out of the way; `creor auth login <provider>` then creates a new store")
                .build();
    }

    private void write(ObjectNode entries) throws IOException {
        byte[] content = AuthFileFormat.format(entries);
        Path temp = posix
                ? Files.createTempFile(directory, "." + FILE_NAME + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                : Files.createTempFile(directory, "." + FILE_NAME + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            replaceHook.beforeReplace(temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot replace a file atomically", e);
            }
            forceDirectory();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes the rename durable; where a directory cannot be opened (Windows) the OS does it. */
    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "cannot force directory {0} to disk: {1}", directory, e.toString());
        }
    }

    private <T> T underLock(LockedAction<T> action) {
        ReentrantLock inProcess = IN_PROCESS_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        inProcess.lock();
        try {
            createDirectory();
            try (FileChannel channel = openLockFile()) {
                FileLock lock = channel.lock();
                try {
                    return action.run();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw ioError("update", e);
        } finally {
            inProcess.unlock();
        }
    }

    private FileChannel openLockFile() throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return posix
                ? FileChannel.open(lockFile, options, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                : FileChannel.open(lockFile, options);
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
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

    private Path backupPath() {
        String base = file.getFileName() + ".corrupt-" + BACKUP_TIMESTAMP.format(clock.instant());
        Path backup = directory.resolve(base);
        for (int attempt = 2; Files.exists(backup, LinkOption.NOFOLLOW_LINKS); attempt++) {
            backup = directory.resolve(base + "-" + attempt);
        }
        return backup;
    }

    private void restrictBackup(Path backup) {
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

    private CreorException ioError(String operation, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
        return CreorException.builder(ErrorCode.IO_ERROR, "could not " + operation + " the credential store " + file
                        + " (" + reason + ")")
                .hint("check that " + directory + " exists and that you may read and write it")
                .cause(e)
                .build();
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The work done while holding the store's lock. */
    @FunctionalInterface
    private interface LockedAction<T> {
        T run() throws IOException;
    }

    /** Runs between writing the temp file and renaming it over the store; a seam for tests. */
    @FunctionalInterface
    interface ReplaceHook {
        ReplaceHook NONE = temp -> { };

        void beforeReplace(Path temp) throws IOException;
    }

    /** The login name of this process's user, as file owners are named; looked up once. */
    private static final class CurrentUser {
        static final Optional<String> NAME = ProcessHandle.current().info().user();
    }
}
