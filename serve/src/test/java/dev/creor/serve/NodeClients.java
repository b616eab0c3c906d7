package dev.creor.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.testkit.NodeScript;
import dev.creor.testkit.Subprocess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code src/test/clients/clients.mjs}, the scenarios of the official {@code openai} package
 * and Vercel's AI SDK against the gateway, as a real {@code node} process ({@link NodeScript}
 * installs the packages of its lockfile when they are missing; when it cannot, or without
 * {@code node}, the tests fail and say what to do: a client test that skips itself could never fail).
 */
final class NodeClients {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
    private static final NodeScript CLIENTS = NodeScript.of(Path.of("src/test/clients"), "clients.mjs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeClients() {
    }

    /** What one scenario printed: its JSON line, and everything for the failure message. */
    record Outcome(String output, JsonNode result) {
    }

    /** Runs {@code node clients.mjs SCENARIO BASE TOKEN MODEL} and reads its JSON line. */
    static Outcome run(String scenario, URI base, String token, String model) {
        Subprocess.Result raw = CLIENTS.run(RUN_LIMIT, scenario, base.toString(), token, model);
        if (raw.exitCode() != 0) {
            throw new AssertionError("node clients.mjs " + scenario + " failed (exit " + raw.exitCode() + "):\n"
                    + raw.output());
        }
        String line = raw.output().lines().filter(text -> text.startsWith("{")).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("clients.mjs " + scenario + " printed no result:\n" + raw.output()));
        try {
            return new Outcome(raw.output(), JSON.readTree(line));
        } catch (IOException e) {
            throw new AssertionError("clients.mjs " + scenario + " printed no JSON:\n" + raw.output(), e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
