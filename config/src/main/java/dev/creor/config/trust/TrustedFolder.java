package dev.creor.config.trust;

import dev.creor.config.internal.SourceReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A folder the user trusts, as {@code creor trust} recorded it: the folder, when, and the
 * SHA-256 of each of its project config files at that moment. A file is trusted while its
 * content still has the recorded hash; a file changed since, or one that was not there, is not.
 *
 * @param folder    the folder's real path (links resolved)
 * @param trustedAt when it was last trusted
 * @param files     each file's path relative to the folder ({@code creor.json},
 *                  {@code tools/creor.jsonc}, with {@code /}) and its hash as
 *                  {@code sha256:<hex>}
 */
public record TrustedFolder(Path folder, Instant trustedAt, Map<String, String> files) {

    /** What became of a recorded file. */
    public enum FileState {
        /** Its content has the recorded hash: it is trusted. */
        UNCHANGED,
        /** Its content changed: it is untrusted until trusted again. */
        CHANGED,
        /** It is gone, or cannot be read. */
        MISSING
    }

    /** Checks the parts and copies the files, sorted by path. */
    public TrustedFolder {
        Objects.requireNonNull(folder, "folder is null");
        Objects.requireNonNull(trustedAt, "trustedAt is null");
        if (!folder.isAbsolute()) {
            throw new IllegalArgumentException("folder must be absolute: " + folder);
        }
        files = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(files)));
    }

    /** A recorded file's absolute path. */
    public Path resolve(String relativePath) {
        return folder.resolve(relativePath);
    }

    /** The path of a file inside the folder as it is recorded, or empty when it lies outside. */
    public Optional<String> relativePath(Path realFile) {
        if (!realFile.startsWith(folder) || realFile.equals(folder)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        folder.relativize(realFile).forEach(name -> names.add(name.toString()));
        return Optional.of(String.join("/", names));
    }

    /** Whether this exact content of this file (a real path) is trusted. */
    public boolean trusts(Path realFile, String hash) {
        return relativePath(realFile).map(files::get).filter(hash::equals).isPresent();
    }

    /** What became of a recorded file since it was trusted. */
    public FileState state(String relativePath) {
        String recorded = files.get(relativePath);
        if (recorded == null) {
            throw new IllegalArgumentException(relativePath + " is not recorded for " + folder);
        }
        SourceReader.Bytes read = SourceReader.readBytes(resolve(relativePath));
        if (!read.ok()) {
            return FileState.MISSING;
        }
        return TrustStore.hash(read.bytes()).equals(recorded) ? FileState.UNCHANGED : FileState.CHANGED;
    }
}
