package dev.creor.benchmarks;

import dev.creor.benchmarks.load.BaselineClient;
import dev.creor.benchmarks.load.BenchWorkspace;
import dev.creor.benchmarks.load.CreorClient;
import dev.creor.benchmarks.load.LoadClient;
import dev.creor.benchmarks.load.ServeClient;
import dev.creor.benchmarks.peers.LangChain4jClient;
import dev.creor.benchmarks.peers.OpenAiSdkClient;
import dev.creor.benchmarks.peers.SpringAiClient;
import java.net.URI;
import java.util.List;

/** The clients the load benchmarks compare, by the names their {@code --client(s)} options take. */
public final class Clients {
    /** Every client, the baseline first: the order of the report's columns. */
    public static final List<String> NAMES = List.of("baseline", "creor", "openai-sdk", "langchain4j", "spring-ai");
    /** Clients run only when named: {@code creor-serve}, Creor behind its own gateway. */
    public static final List<String> ON_REQUEST = List.of("creor-serve");

    private Clients() {
    }

    /**
     * Opens the client {@code name} on the sandbox at {@code sandbox}, allowing {@code maxConnections}
     * requests at once; Creor's runtime lives in {@code workspace}.
     */
    public static LoadClient open(String name, URI sandbox, String apiKey, int maxConnections, BenchWorkspace workspace) {
        return switch (name) {
            case "baseline" -> new BaselineClient(sandbox, apiKey, maxConnections);
            case "creor" -> new CreorClient(workspace.creor(sandbox, apiKey, maxConnections));
            case "openai-sdk" -> new OpenAiSdkClient(sandbox, apiKey, maxConnections);
            case "langchain4j" -> new LangChain4jClient(sandbox, apiKey);
            case "spring-ai" -> new SpringAiClient(sandbox, apiKey, maxConnections);
            case "creor-serve" -> new ServeClient(workspace.creor(sandbox, apiKey, maxConnections), maxConnections);
            default -> throw new IllegalArgumentException("unknown client \"" + name + "\"; known: " + String.join(", ", NAMES));
        };
    }

    /** Clients opened together, closed together (in the order opened), each even when another fails to. */
    public static final class Opened implements AutoCloseable, Iterable<LoadClient> {
        private final List<LoadClient> clients = new java.util.ArrayList<>();

        /** Adds a client to close. */
        public LoadClient add(LoadClient client) {
            clients.add(client);
            return client;
        }

        @Override
        public java.util.Iterator<LoadClient> iterator() {
            return clients.iterator();
        }

        @Override
        public void close() {
            RuntimeException first = null;
            for (LoadClient client : clients) {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** {@code a,b,c} into names, each checked. */
    public static List<String> parse(String names) {
        List<String> parsed = List.of(names.split(","));
        for (String name : parsed) {
            if (!NAMES.contains(name) && !ON_REQUEST.contains(name)) {
                throw new IllegalArgumentException("unknown client \"" + name + "\"; known: " + String.join(", ", NAMES)
                        + ", " + String.join(", ", ON_REQUEST));
            }
        }
        return parsed;
    }
}
