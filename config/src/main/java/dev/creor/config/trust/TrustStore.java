package dev.creor.config.trust;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.config.ProjectTrust;
import dev.creor.config.files.PrivateFile;
import dev.creor.config.internal.SourceReader;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The folders the user trusts, in {@code $XDG_DATA_HOME/creor/trust.json} (by default
 * {@code ~/.local/share/creor/trust.json}), as {@code creor trust} records them: for each folder,
 * the SHA-256 of each of its project config files at the time. A project file is trusted while
 * its content still has the recorded hash; a changed file, and a file added later, are not, until
 * {@code creor trust} runs again. The model is direnv's {@code direnv allow}.
 *
 * <p>The file is a {@link PrivateFile}: mode 0600 in a folder only the user may write, never
 * read through a symbolic link, replaced atomically under a lock, exactly like the credential
 * store beside it. An unsafe or corrupt file is refused (nothing is then trusted) and never
 * overwritten.
 *
 * <pre>{@code
 * {"version": 1, "folders": {"/home/ada/project": {"trustedAt": "2026-05-01T09:30:00Z",
 *     "files": {"creor.json": "sha256:3f2a…", "tools/creor.jsonc": "sha256:9b41…"}}}}
 * }</pre>
 *
 * <p>Every method does blocking file I/O. Instances are thread-safe.
 */
public final class TrustStore {
    /** The file's name in the {@code creor} data directory. */
    public static final String FILE_NAME = "trust.json";

    private static final int VERSION = 1;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final PrivateFile file;
    private final Clock clock;

    /** A store in the given file. */
    public TrustStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /** A store in the given file, dating what it records by the given clock. */
    public TrustStore(Path file, Clock clock) {
        this.file = PrivateFile.builder(file)
                .role("the trust store")
                .ifExposed("check the folders it trusts (`creor trust --list`)")
                .recovery("remove it, which untrusts every folder, and run `creor trust` again in the folders you trust")
                .build();
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** The store of the user whose home is {@code home}, at {@link #defaultLocation}. */
    public static TrustStore forUser(Environment environment, Path home) {
        return new TrustStore(defaultLocation(environment, home));
    }

    /**
     * {@code $XDG_DATA_HOME/creor/trust.json}, or {@code <home>/.local/share/creor/trust.json}
     * when {@code XDG_DATA_HOME} is unset or not absolute.
     */
    public static Path defaultLocation(Environment environment, Path home) {
        Objects.requireNonNull(environment, "environment is null");
        Objects.requireNonNull(home, "home is null");
        Path dataHome = environment.get("XDG_DATA_HOME").flatMap(TrustStore::absolutePath)
                .orElseGet(() -> home.resolve(".local").resolve("share"));
        return dataHome.resolve("creor").resolve(FILE_NAME);
    }

    /** The file. */
    public Path path() {
        return file.path();
    }

    /** The hash of a file's content as the store records it: {@code sha256:<64 hex digits>}. */
    public static String hash(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }

    /**
     * The store as the config loader asks it: the file is read once, on the first question
     * (so a run without project files never reads it), and answers come from what was read.
     *
     * @see ProjectTrust#trusts
     */
    public ProjectTrust asProjectTrust() {
        return new ProjectTrust() {
            private List<TrustedFolder> folders;

            @Override
            public synchronized boolean trusts(Path projectFile, byte[] content) {
                if (folders == null) {
                    folders = folders();
                }
                Optional<Path> real = realPath(projectFile);
                if (real.isEmpty()) {
                    return false;
                }
                String hash = hash(content);
                return folders.stream().anyMatch(folder -> folder.trusts(real.get(), hash));
            }

            @Override
            public String toString() {
                return "ProjectTrust[" + TrustStore.this + "]";
            }
        };
    }

    /**
     * Every trusted folder, sorted by path.
     *
     * @throws CreorException with {@code CONFIG_INVALID} when the file is unsafe or corrupt,
     *                        {@code IO_ERROR} when it cannot be read
     */
    public List<TrustedFolder> folders() {
        try {
            return List.copyOf(parse(file.read()).values());
        } catch (IOException e) {
            throw ioError("read", e);
        }
    }

    /**
     * Trusts a folder as it is now: records the hash of each given file inside it, and of each
     * file recorded for it before that still exists (a file recorded before and gone is
     * dropped). Files outside the folder are left out; the result says which were recorded.
     *
     * @param folder the folder, e.g. a repository's root
     * @param files  its project config files, as the walk found them
     * @throws CreorException with {@code CONFIG_INVALID} when the store is unsafe or corrupt,
     *                        {@code USAGE} when the folder does not exist, {@code IO_ERROR} when a
     *                        file cannot be read or the store written
     */
    public TrustedFolder trust(Path folder, List<Path> files) {
        Path real = realFolder(folder);
        try {
            return file.underLock(() -> {
                Map<Path, TrustedFolder> folders = parse(file.read());
                Map<String, String> hashes = new LinkedHashMap<>();
                TrustedFolder before = folders.get(real);
                if (before != null) {
                    for (String recorded : before.files().keySet()) {
                        readHash(before.resolve(recorded)).ifPresent(hash -> hashes.put(recorded, hash));
                    }
                }
                TrustedFolder probe = new TrustedFolder(real, clock.instant(), Map.of());
                for (Path projectFile : files) {
                    Optional<String> relative = realPath(projectFile).flatMap(probe::relativePath);
                    if (relative.isPresent()) {
                        String hash = readHash(projectFile).orElseThrow(() -> CreorException.of(ErrorCode.IO_ERROR,
                                "cannot read " + projectFile + " to record what is trusted"));
                        hashes.put(relative.get(), hash);
                    }
                }
                TrustedFolder trusted = new TrustedFolder(real, clock.instant(), hashes);
                folders.put(real, trusted);
                file.replace(format(folders));
                return trusted;
            });
        } catch (IOException e) {
            throw ioError("update", e);
        }
    }

    /**
     * Stops trusting a folder.
     *
     * @return what was recorded for it, or empty when it was not trusted
     * @throws CreorException as {@link #trust}
     */
    public Optional<TrustedFolder> revoke(Path folder) {
        Path real = realPath(folder).orElse(folder.toAbsolutePath().normalize());
        try {
            return file.underLock(() -> {
                Map<Path, TrustedFolder> folders = parse(file.read());
                TrustedFolder removed = folders.remove(real);
                if (removed != null) {
                    file.replace(format(folders));
                }
                return Optional.ofNullable(removed);
            });
        } catch (IOException e) {
            throw ioError("update", e);
        }
    }

    /** Names the file. */
    @Override
    public String toString() {
        return "TrustStore[" + file.path() + "]";
    }

    private Optional<String> readHash(Path projectFile) {
        SourceReader.Bytes read = SourceReader.readBytes(projectFile);
        return read.ok() ? Optional.of(hash(read.bytes())) : Optional.empty();
    }

    private static Path realFolder(Path folder) {
        try {
            return folder.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw CreorException.builder(ErrorCode.USAGE, folder + " is not a folder that exists")
                    .hint("name the project's folder, or run the command inside it").build();
        }
    }

    /** The file's path with every link in its folder resolved (the file itself may be a link: its name is kept). */
    static Optional<Path> realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        try {
            return Optional.of(parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Map<Path, TrustedFolder> parse(Optional<byte[]> content) {
        Map<Path, TrustedFolder> folders = new TreeMap<>();
        if (content.isEmpty() || new String(content.get(), StandardCharsets.UTF_8).isBlank()) {
            return folders;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(content.get());
        } catch (JsonProcessingException e) {
            throw corrupt("is not valid JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw corrupt("cannot be parsed");
        }
        JsonNode entries = root.path("folders");
        if (!root.isObject() || root.path("version").asInt(-1) != VERSION || !entries.isObject()) {
            throw corrupt("is not of the form {\"version\": 1, \"folders\": {...}}");
        }
        for (Map.Entry<String, JsonNode> entry : entries.properties()) {
            folders.put(folderPath(entry.getKey()), folder(entry.getKey(), entry.getValue()));
        }
        return folders;
    }

    private TrustedFolder folder(String name, JsonNode entry) {
        JsonNode files = entry.path("files");
        if (!entry.isObject() || !files.isObject() || !entry.path("trustedAt").isTextual()) {
            throw corrupt("has an entry for " + name + " that is not of the form {\"trustedAt\": \"...\", \"files\": {...}}");
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> recorded : files.properties()) {
            if (!recorded.getValue().isTextual() || !recorded.getValue().asText().startsWith("sha256:")) {
                throw corrupt("records " + recorded.getKey() + " of " + name + " without a sha256: hash");
            }
            hashes.put(recorded.getKey(), recorded.getValue().asText());
        }
        try {
            return new TrustedFolder(folderPath(name), Instant.parse(entry.path("trustedAt").asText()), hashes);
        } catch (DateTimeParseException e) {
            throw corrupt("has a trustedAt for " + name + " that is not a UTC time");
        }
    }

    private Path folderPath(String name) {
        Optional<Path> path = absolutePath(name);
        if (path.isEmpty()) {
            throw corrupt("has an entry for " + name + ", which is not an absolute path");
        }
        return path.get();
    }

    private static byte[] format(Map<Path, TrustedFolder> folders) throws JsonProcessingException {
        ObjectNode root = MAPPER.createObjectNode().put("version", VERSION);
        ObjectNode entries = root.putObject("folders");
        for (TrustedFolder folder : folders.values()) {
            ObjectNode entry = entries.putObject(folder.folder().toString()).put("trustedAt", folder.trustedAt().toString());
            ObjectNode files = entry.putObject("files");
            folder.files().forEach(files::put);
        }
        return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private CreorException corrupt(String problem) {
        return CreorException.builder(ErrorCode.CONFIG_INVALID, "the trust store " + file.path() + " " + problem)
                .hint("fix it, or remove it (which untrusts every folder) and run `creor trust` again in the folders"
                        + " you trust")
                .build();
    }

    private CreorException ioError(String operation, IOException e) {
        return CreorException.builder(ErrorCode.IO_ERROR, "could not " + operation + " the trust store " + file.path()
                        + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")")
                .hint("check that " + file.directory() + " exists and that you may read and write it")
                .cause(e)
                .build();
    }

    private static Optional<Path> absolutePath(String text) {
        try {
            Path path = Path.of(text);
            return path.isAbsolute() ? Optional.of(path.normalize()) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
