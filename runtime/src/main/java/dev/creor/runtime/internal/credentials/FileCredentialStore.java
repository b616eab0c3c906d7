package dev.creor.runtime.internal.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.config.files.PrivateFile;
import dev.creor.core.CredentialStore;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The credential store in {@code $XDG_DATA_HOME/creor/auth.json} (by default
 * {@code ~/.local/share/creor/auth.json}): the keys saved by {@code creor auth login} and the
 * settings page.
 *
 * <p><b>Format.</b> A JSON object with one entry per provider,
 * {@code {"openrouter": {"type": "api", "key": "sk-or-v1-..."}}}. Entries this version does not
 * understand, and unknown fields of an entry, survive every rewrite.
 *
 * <p><b>Protection and safe writes</b> are those of a {@link PrivateFile}: the {@code creor}
 * directory is created with mode 0700 and must not be writable by others; the file is only ever
 * written with mode 0600, and before reading, the store checks that it is a regular file (a
 * symbolic link is refused, never followed), grants nothing to group or others and belongs to
 * the user running Creor; otherwise it refuses with a {@code CONFIG_INVALID} error that names
 * the fix. Where the file system has no POSIX permissions (Windows), nothing can be checked or
 * set, and {@link #protectionWarning()} says so.
 *
 * <p><b>Writes</b> are read-modify-write under an exclusive lock on the sibling file
 * {@code auth.json.lock} (opened without following links). The new content goes to a temp
 * file in the same directory, created with mode 0600 from the start, is forced to disk, renamed
 * over {@code auth.json} atomically, and the directory is forced too. Two processes writing at
 * once therefore never lose an entry, and a crash leaves the old or the new file, never a torn
 * one. A temp file left by a crash before the rename (it holds every key) is removed by the
 * next write. The lock file is never deleted: deleting it would let two writers lock two
 * different files.
 *
 * <p><b>Reads</b> take no lock. Because the file is only ever replaced by an atomic rename, a
 * reader opens either the old or the new file and reads it whole; a lock would add nothing but
 * the chance of waiting on a stuck writer, and would fail where the directory is read-only.
 *
 * <p><b>A corrupt file</b> (not JSON, or not of the shape above), one with unsafe permissions or
 * a symbolic link is never overwritten: every operation fails with {@code CONFIG_INVALID} until
 * the user fixes it or calls {@link #replaceCorrupt()}, which moves it to a timestamped backup
 * beside it (for a link, a copy of the bytes it pointed to).
 *
 * <p>No key appears in an exception message, a log record or {@link #toString()}. Every method
 * does blocking file I/O; call it from a thread that may block. Instances are thread-safe.
 */
public final class FileCredentialStore implements CredentialStore {
    /** The store's file name within the {@code creor} data directory. */
    public static final String FILE_NAME = "auth.json";

    private static final System.Logger LOGGER = System.getLogger(FileCredentialStore.class.getName());
    private static final String APP_DIRECTORY = "creor";
    private static final DateTimeFormatter BACKUP_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final PrivateFile store;
    private final Path file;
    private final Path directory;
    private final Clock clock;

    /** A store in the given file, e.g. {@code /home/ada/.local/share/creor/auth.json}. */
    public FileCredentialStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /** A store in the given file, naming backups of a corrupt file by the given clock's time. */
    public FileCredentialStore(Path file, Clock clock) {
        this(PrivateFile.builder(file), clock);
    }

    FileCredentialStore(Path file, Clock clock, boolean posix, PrivateFile.BeforeReplace beforeReplace) {
        this(PrivateFile.builder(file).posix(posix).beforeReplace(beforeReplace), clock);
    }

    private FileCredentialStore(PrivateFile.Builder file, Clock clock) {
        this.store = file.role("the credential store")
                .ifExposed("consider replacing the keys it holds")
                .recovery("run `creor auth login <provider> --replace-corrupt` to move it to a backup and start a new one")
                .build();
        this.file = store.path();
        this.directory = store.directory();
        this.clock = Objects.requireNonNull(clock, "clock is null");
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
        return store.protectionWarning().map(warning -> warning.replace("who can read it", "who can read your keys"));
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
            store.replace(AuthFileFormat.format(entries));
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
            store.replace(AuthFileFormat.format(entries));
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
     * file is corrupt, has unsafe permissions, belongs to another user or is a symbolic link,
     * it is renamed to {@code auth.json.corrupt-<UTC time>} beside it (mode 0600 where this
     * process may set it) and that path is returned. A link is not moved but removed, and the
     * backup holds a copy of the bytes it pointed to (none when it pointed to no regular file).
     * A readable store, or none at all, is left alone and the result is empty.
     *
     * @throws CreorException with {@code IO_ERROR} when the file cannot be inspected or moved,
     *                        or {@code CONFIG_INVALID} when the directory itself is unsafe
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
            Optional<Path> backup = store.moveAside(backupPath());
            LOGGER.log(System.Logger.Level.INFO, "moved the unusable credential store {0} aside{1}", file,
                    backup.map(path -> " to " + path).orElse(" (a link to nothing readable: removed)"));
            return backup;
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
        Optional<byte[]> content = store.read();
        return content.isEmpty() ? AuthFileFormat.empty() : AuthFileFormat.parse(content.get(), file);
    }

    private <T> T underLock(PrivateFile.LockedAction<T> action) {
        try {
            return store.underLock(action);
        } catch (IOException e) {
            throw ioError("update", e);
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

    private CreorException ioError(String operation, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
        return CreorException.builder(ErrorCode.IO_ERROR, "could not " + operation + " the credential store " + file
                        + " (" + reason + ")")
                .hint("check that " + directory + " exists and that you may read and write it")
                .cause(e)
                .build();
    }
}
