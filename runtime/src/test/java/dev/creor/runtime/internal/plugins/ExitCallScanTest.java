package dev.creor.runtime.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The constant-pool scan finds every way a class names an exit, and nothing else. */
class ExitCallScanTest {
    @TempDir
    static Path build;
    private static Path classes;

    @BeforeAll
    static void compile() {
        classes = PluginJars.compile(build, Map.of(
                "scan.SystemExit", "package scan; class SystemExit { void end() { System.exit(3); } }",
                "scan.RuntimeExit", """
                        package scan;
                        class RuntimeExit {
                            // Long and double constants take two pool entries each: the scan must count them right.
                            static final long BIG = 1L << 40;
                            static final double HALF = 0.5;
                            long big() { return BIG * System.nanoTime(); }
                            double half() { return HALF * System.nanoTime(); }
                            void end() { Runtime.getRuntime().exit(1); }
                        }
                        """,
                "scan.Halt", "package scan; class Halt { void end() { Runtime.getRuntime().halt(9); } }",
                "scan.ExitReference", """
                        package scan;
                        class ExitReference { java.util.function.IntConsumer end() { return System::exit; } }
                        """,
                "scan.Harmless", """
                        package scan;
                        class Harmless {
                            static void exit(int code) { }
                            String name() { return "System.exit java/lang/System exit halt"; }
                            void end() { exit(0); Runtime.getRuntime().availableProcessors(); System.getProperty("exit"); }
                        }
                        """), List.of());
    }

    @Test
    void findsEachMethodThatEndsTheJvm() throws IOException {
        assertThat(scan("SystemExit")).hasValue("System.exit");
        assertThat(scan("RuntimeExit")).hasValue("Runtime.exit");
        assertThat(scan("Halt")).hasValue("Runtime.halt");
        assertThat(scan("ExitReference")).as("a method reference names it too").hasValue("System.exit");
    }

    @Test
    void ignoresOtherMethodsNamedExitAndStringsThatMentionIt() throws IOException {
        assertThat(scan("Harmless")).isEmpty();
    }

    @Test
    void leavesWhatIsNoClassFileToTheJvm() {
        assertThat(ExitCallScan.exitCallIn(new byte[] {1, 2, 3})).isEmpty();
        assertThat(ExitCallScan.exitCallIn(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61,
            0, 9, 99})).isEmpty();
    }

    private static Optional<String> scan(String simpleName) throws IOException {
        return ExitCallScan.exitCallIn(Files.readAllBytes(classes.resolve("scan/" + simpleName + ".class")));
    }
}
