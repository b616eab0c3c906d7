package dev.creor.config.internal;

/**
 * Where a value starts: the index of the config source that supplied it (in the loader's list
 * of sources) and a 1-based line and column, or line and column 0 when the source has no text
 * (a command-line flag).
 */
public record Position(int source, int line, int column) {
    /** A position without line and column in the given source. */
    public static Position whole(int source) {
        return new Position(source, 0, 0);
    }

    /** Whether line and column are known. */
    public boolean hasLine() {
        return line > 0;
    }
}
