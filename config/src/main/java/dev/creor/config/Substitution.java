package dev.creor.config;

import java.util.Objects;

/**
 * A reference in a config string that was replaced by its value.
 *
 * @param kind   an environment variable or a file
 * @param target the variable's name or the path, as written in the config
 */
public record Substitution(Kind kind, String target) {

    /** What a reference reads. */
    public enum Kind {
        /** {@code {env:NAME}}: an environment variable. */
        ENV,
        /** {@code {file:path}}: a file's content. */
        FILE
    }

    /** Checks that both parts are present. */
    public Substitution {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(target, "target is null");
    }

    /** The reference as written: {@code {env:OPENROUTER_API_KEY}} or {@code {file:./prompts/review.md}}. */
    @Override
    public String toString() {
        return "{" + (kind == Kind.ENV ? "env" : "file") + ":" + target + "}";
    }
}
