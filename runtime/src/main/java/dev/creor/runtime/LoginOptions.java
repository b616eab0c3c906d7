package dev.creor.runtime;

/**
 * How {@link CreorCredentials#login} treats a key.
 *
 * @param verify         ask the provider about the key before storing it
 * @param force          store the key even when the provider rejects it or cannot be asked
 * @param replaceCorrupt move an unreadable key store to a backup beside it and start a new one
 */
public record LoginOptions(boolean verify, boolean force, boolean replaceCorrupt) {
    /** Verify, do not force, keep an unreadable store. */
    public static LoginOptions defaults() {
        return new LoginOptions(true, false, false);
    }

    /** These options, verifying or not. */
    public LoginOptions withVerify(boolean verify) {
        return new LoginOptions(verify, force, replaceCorrupt);
    }

    /** These options, forcing or not. */
    public LoginOptions withForce(boolean force) {
        return new LoginOptions(verify, force, replaceCorrupt);
    }

    /** These options, replacing an unreadable store or not. */
    public LoginOptions withReplaceCorrupt(boolean replaceCorrupt) {
        return new LoginOptions(verify, force, replaceCorrupt);
    }
}
