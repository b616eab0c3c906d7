package dev.creor.config;

import java.nio.file.Path;

/**
 * Whether the user trusts a project config file: one that {@link ConfigLoader} found by walking
 * from the working directory up to the project's root, which a cloned repository can contain.
 *
 * <p>From a file it does not trust, the loader takes only what cannot move a secret (models,
 * agents, whitelists, time limits, prompts written inline): a key the schema marks
 * {@code "x-creor-trust": "trusted-only"} (where requests go, what they carry, credentials) and
 * every {@code {env:...}} and {@code {file:...}} reference is refused before anything is read
 * or substituted, each with an error naming the fix. The global file, {@code CREOR_CONFIG},
 * {@code CREOR_CONFIG_CONTENT}, the embedding program's text and flags are the user's own and
 * never asked about.
 *
 * <p>Creor's implementation is {@link dev.creor.config.trust.TrustStore}, the folders
 * {@code creor trust} recorded with the SHA-256 of each file, so that a file changed since is
 * untrusted again.
 */
@FunctionalInterface
public interface ProjectTrust {
    /**
     * Whether this file, with exactly this content, is trusted.
     *
     * @param file    the file's absolute path, as the walk found it
     * @param content the bytes that were read, which are the bytes that will be used
     * @throws dev.creor.core.CreorException when it cannot be told (the record of trusted
     *                                       folders is unreadable or unsafe); the loader reports
     *                                       it as a problem of the file
     */
    boolean trusts(Path file, byte[] content);

    /** Trusts no project file: what a loader does unless told otherwise. */
    static ProjectTrust none() {
        return (file, content) -> false;
    }

    /**
     * Trusts every project file, as a program does that runs in a folder of its own (see
     * {@code Creor.Builder#trustProjectConfig}).
     */
    static ProjectTrust all() {
        return (file, content) -> true;
    }
}
