package dev.creor.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of one harness command. Every option has a default, so a
 * command runs with none; an option the command never reads is an error, so a typo is not a
 * silent no-op.
 */
public final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> read = new HashSet<>();

    private Args() {
    }

    /** Parses {@code --name value} pairs. */
    public static Args parse(String... arguments) {
        Args args = new Args();
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i];
            if (!name.startsWith("--") || i + 1 >= arguments.length) {
                throw new IllegalArgumentException("expected --name value pairs, got \"" + name + "\"");
            }
            args.values.put(name.substring(2), arguments[++i]);
        }
        return args;
    }

    /** A text option. */
    public String text(String name, String fallback) {
        read.add(name);
        return values.getOrDefault(name, fallback);
    }

    /** A whole-number option. */
    public int integer(String name, int fallback) {
        String value = text(name, null);
        return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
    }

    /** A duration option in milliseconds, e.g. {@code --warmup-ms 2000}. */
    public Duration millis(String name, Duration fallback) {
        String value = text(name, null);
        return value == null ? fallback : Duration.ofMillis(Long.parseLong(value.replace("_", "")));
    }

    /** A path option. */
    public Path path(String name, Path fallback) {
        String value = text(name, null);
        return value == null ? fallback : Path.of(value);
    }

    /** Fails on options that no {@code text/integer/millis/path} call asked for. */
    public void requireAllRead() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + unknown + "; known: " + read);
        }
    }
}
