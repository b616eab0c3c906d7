package dev.creor.core.archfixture;

/** Deliberately breaks "only app touches the process". */
public final class CorePrintingAndReadingTheEnvironment {
    private CorePrintingAndReadingTheEnvironment() {
    }

    static void touchTheProcess() {
        System.out.println(System.getenv("HOME"));
        System.exit(1);
    }
}
