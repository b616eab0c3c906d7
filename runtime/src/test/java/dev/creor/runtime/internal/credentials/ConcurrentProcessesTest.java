package dev.creor.runtime.internal.credentials;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real processes write the same store at once while this one keeps reading it. */
class ConcurrentProcessesTest {
    private static final int ENTRIES_PER_WRITER = 40;

    @TempDir
    Path home;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopStrayProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void twoProcessesWritingAtOnceLoseNoEntryAndNeverShowATornFile() throws Exception {
        Path file = home.resolve(".local/share/creor/auth.json");
        FileCredentialStore reader = new FileCredentialStore(file);
        Process first = startWriter(file, "alpha");
        Process second = startWriter(file, "beta");
        BufferedReader firstOutput = output(first);
        BufferedReader secondOutput = output(second);
        assertThat(firstOutput.readLine()).as("first writer started").isEqualTo("ready");
        assertThat(secondOutput.readLine()).as("second writer started").isEqualTo("ready");

        go(first);
        go(second);
        int reads = 0;
        int largestSeen = 0;
        while (first.isAlive() || second.isAlive()) {
            // Every read must parse (no torn file), and no entry may ever disappear.
            int seen = reader.providerIds().size();
            assertThat(seen).isGreaterThanOrEqualTo(largestSeen);
            largestSeen = seen;
            reads++;
        }

        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(errors(first)).isZero();
        assertThat(second.exitValue()).as(errors(second)).isZero();
        assertThat(reads).isPositive();
        assertThat(new ObjectMapper().readTree(file.toFile()).size()).isEqualTo(2 * ENTRIES_PER_WRITER);
        Set<String> ids = reader.providerIds();
        for (String prefix : List.of("alpha", "beta")) {
            IntStream.range(0, ENTRIES_PER_WRITER).forEach(index -> {
                assertThat(ids).contains(prefix + "-" + index);
                assertThat(reader.get(prefix + "-" + index)).contains(ConcurrentWriterMain.keyOf(prefix, index));
            });
        }
        assertThat(FileCredentialStoreTest.mode(file)).isEqualTo("rw-------");
    }

    private Process startWriter(Path file, String prefix) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ConcurrentWriterMain.class.getName(), file.toString(), prefix, String.valueOf(ENTRIES_PER_WRITER))
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        processes.add(process);
        return process;
    }

    private static BufferedReader output(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    }

    private static void go(Process process) throws IOException {
        OutputStream input = process.getOutputStream();
        input.write("go\n".getBytes(UTF_8));
        input.flush();
    }

    private static String errors(Process process) {
        try {
            return new String(process.getErrorStream().readAllBytes(), UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
