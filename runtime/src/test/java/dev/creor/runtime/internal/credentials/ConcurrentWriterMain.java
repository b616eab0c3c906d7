package dev.creor.runtime.internal.credentials;

import dev.creor.core.Secret;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A separate process for {@link ConcurrentProcessesTest}: announces {@code ready}, waits for a
 * line on standard input so both writers start together, then stores {@code count} entries
 * {@code <prefix>-<i>} with the key {@link #keyOf(String, int)}.
 */
public final class ConcurrentWriterMain {
    private ConcurrentWriterMain() {
    }

    static Secret keyOf(String prefix, int index) {
        return Secret.of("sk-test-" + prefix + "-" + index + "-0123456789abcdef");
    }

    public static void main(String[] args) throws Exception {
        FileCredentialStore store = new FileCredentialStore(Path.of(args[0]));
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        for (int index = 0; index < count; index++) {
            store.put(prefix + "-" + index, keyOf(prefix, index));
        }
        System.out.println("done");
    }
}
