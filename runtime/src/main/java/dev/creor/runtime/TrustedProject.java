package dev.creor.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A project folder the user trusts ({@code creor trust}): when it was trusted and each of its
 * config files with the hash recorded then and what became of the file since, as it was when
 * this value was made.
 *
 * @param folder    the folder's real path
 * @param trustedAt when it was last trusted
 * @param files     its recorded config files, sorted by path
 */
public record TrustedProject(Path folder, Instant trustedAt, List<TrustedProject.File> files) {
    /** Checks for nulls and copies the files. */
    public TrustedProject {
        Objects.requireNonNull(folder, "folder is null");
        Objects.requireNonNull(trustedAt, "trustedAt is null");
        files = List.copyOf(files);
    }

    /**
     * One recorded config file.
     *
     * @param path  its path relative to the folder, with {@code /} ({@code creor.json},
     *              {@code tools/creor.jsonc})
     * @param hash  the SHA-256 recorded when it was trusted, as {@code sha256:<hex>}
     * @param state what became of it since
     */
    public record File(String path, String hash, FileState state) {
        /** Checks for nulls. */
        public File {
            Objects.requireNonNull(path, "path is null");
            Objects.requireNonNull(hash, "hash is null");
            Objects.requireNonNull(state, "state is null");
        }

        /** The first {@code digits} hex digits of the hash, for people: {@code 3f9a0c…} style listings. */
        public String shortHash(int digits) {
            String hex = hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : hash;
            return hex.substring(0, Math.min(digits, hex.length()));
        }
    }

    /** What became of a recorded file since it was trusted. */
    public enum FileState {
        /** Its content has the recorded hash: it is trusted. */
        UNCHANGED,
        /** Its content changed: it is untrusted until trusted again. */
        CHANGED,
        /** It is gone, or cannot be read. */
        MISSING
    }
}
