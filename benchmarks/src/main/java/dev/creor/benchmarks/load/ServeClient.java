package dev.creor.benchmarks.load;

import dev.creor.runtime.Creor;
import dev.creor.serve.CreorGateway;
import dev.creor.serve.GatewayToken;
import io.vertx.core.Vertx;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creor behind {@code creor serve}: the gateway runs in this JVM over the same runtime as the
 * {@code creor} client, and the plain Vert.x client of the baseline asks it for the benchmark's
 * agent over loopback HTTP. Compared with {@code creor}, what it adds is the gateway: a second HTTP
 * hop, request parsing and the OpenAI-shaped answer or SSE re-encoding. The gateway's request log
 * is off, as the other clients log nothing per request.
 */
public final class ServeClient implements LoadClient {
    private static final String TOKEN = "benchmark-token-0123456789";
    /** Held strongly: JDK logging keeps loggers weakly, and a collected one would take its level with it. */
    private static final Logger GATEWAY_LOG = Logger.getLogger("dev.creor.serve");

    private final Creor creor;
    private final CreorGateway gateway;
    private final BaselineClient client;

    /** Starts a gateway on a free loopback port over {@code creor} and a client of it with up to {@code maxConnections} connections. */
    public ServeClient(Creor creor, int maxConnections) {
        GATEWAY_LOG.setLevel(Level.WARNING);
        this.creor = creor;
        this.gateway = CreorGateway.builder(creor, GatewayToken.chosen(TOKEN)).port(0)
                .maxConcurrentRequests(100_000).build();
        this.client = new BaselineClient(gateway.start(), TOKEN, maxConnections, "agent/" + BenchWorkspace.AGENT);
    }

    @Override
    public String name() {
        return "creor-serve";
    }

    @Override
    public String description() {
        return "creor serve (in this JVM, on the runtime of \"creor\") asked by plain Vert.x " + Versions.of(Vertx.class)
                + " HttpClient over loopback";
    }

    @Override
    public java.util.concurrent.CompletableFuture<Long> chat() {
        return client.chat();
    }

    @Override
    public StreamCall stream(String model, StreamListener listener) {
        return client.stream("agent/" + BenchWorkspace.AGENT, listener);
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            try {
                gateway.close();
            } finally {
                creor.close();
            }
        }
    }
}
