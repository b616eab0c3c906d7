package dev.creor.runtime.internal.credentials;

/**
 * How {@code creor auth login} treats a key.
 *
 * @param verify         ask the provider about the key before storing it ({@code --no-verify} clears it)
 * @param force          store the key even when the provider rejects it or cannot be asked ({@code --force})
 * @param replaceCorrupt move an unusable credential store to a backup first ({@code --replace-corrupt})
 */
public record LoginOptions(boolean verify, boolean force, boolean replaceCorrupt) {

    /** Verify, do not force, leave an unusable store alone. */
    public static LoginOptions defaults() {
        return new LoginOptions(true, false, false);
    }

    /** These options with {@code verify} set. */
    public LoginOptions withVerify(boolean verify) {
        return new LoginOptions(verify, force, replaceCorrupt);
    }

    /** These options with {@code force} set. */
    public LoginOptions withForce(boolean force) {
        return new LoginOptions(verify, force, replaceCorrupt);
    }

    /** These options with {@code replaceCorrupt} set. */
    public LoginOptions withReplaceCorrupt(boolean replaceCorrupt) {
        return new LoginOptions(verify, force, replaceCorrupt);
    }
}
