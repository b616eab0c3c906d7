package dev.creor.cli;

import dev.creor.runtime.Creor;
import dev.creor.runtime.ServerSettings;
import dev.creor.serve.CreorGateway;
import dev.creor.serve.GatewayToken;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creor serve}: the OpenAI-compatible gateway, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve Creor's agents and models over the OpenAI chat-completions API, for tools that speak it "
                + "(the openai SDKs, Vercel's AI SDK, curl, editor plugins).",
            "Every request needs Authorization: Bearer TOKEN: CREOR_SERVER_TOKEN, server.token in a trusted config, or "
                + "a token made for this run and printed once. Runs until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    /** The variable holding a token of the user's own. */
    static final String TOKEN_VARIABLE = "CREOR_SERVER_TOKEN";

    private final CliContext context;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = CreorGateway.DEFAULT_HOST,
            description = "The address to listen on (default: ${DEFAULT-VALUE}). Another than loopback needs "
                    + TOKEN_VARIABLE + ".")
    private String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + CreorGateway.DEFAULT_PORT,
            description = "The port to listen on (default: ${DEFAULT-VALUE}; 0 for a free one).")
    private int port;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "How many chat answers may be under way at once; more get 429 (default: server.maxConcurrent "
                    + "in the config, else 64).")
    private Integer maxConcurrent;

    @Option(names = "--max-body-bytes", paramLabel = "N",
            description = "The largest request body accepted; larger ones get 413 (default: server.maxBodyBytes in the "
                    + "config, else 8388608).")
    private Integer maxBodyBytes;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Creor creor = Creor.builder().workingDirectory(context.workingDirectory())
                .homeDirectory(context.homeDirectory()).environment(context.environment()).build()) {
            ServerSettings configured = creor.serverSettings();
            String chosen = context.environment().get(TOKEN_VARIABLE);
            GatewayToken token = chosen != null && !chosen.isEmpty() ? GatewayToken.chosen(chosen)
                    : configured.token().map(secret -> GatewayToken.chosen(secret.reveal()))
                    .orElseGet(() -> GatewayToken.generate(new SecureRandom()));
            CreorGateway.Builder gateway = CreorGateway.builder(creor, token).host(host).port(port);
            Optional.ofNullable(maxConcurrent).or(() -> boxed(configured.maxConcurrent()))
                    .ifPresent(gateway::maxConcurrentRequests);
            Optional.ofNullable(maxBodyBytes).or(() -> boxed(configured.maxBodyBytes()))
                    .ifPresent(gateway::maxRequestBodyBytes);
            serve(creor, gateway.build(), token);
            return ExitCodes.INTERRUPTED;
        }
    }

    private void serve(Creor creor, CreorGateway gateway, GatewayToken token) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            // In-flight answers are cancelled (their upstream requests too) before the runtime closes.
            gateway.close();
            creor.close();
            stopped.countDown();
        }, "creor-serve-stop");
        URI url = gateway.start();
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        CliLogging.enableRequestLog();
        context.out().println("Creor gateway: " + url);
        if (token.generated()) {
            context.out().println("Token: " + token.reveal() + "  (made for this run; set " + TOKEN_VARIABLE
                    + " to keep one)");
        }
        context.out().println("Send Authorization: Bearer TOKEN with every request; press Ctrl-C to stop.");
        context.out().flush();
        stopped.await();
    }

    private static Optional<Integer> boxed(OptionalInt value) {
        return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
    }
}
