package dev.creor.core.archfixture;

import picocli.CommandLine;

/** Deliberately breaks "core depends on the JDK only". */
public final class CoreUsingALibrary {
    private CoreUsingALibrary() {
    }

    static Object library() {
        return new CommandLine(new Object());
    }
}
