package dev.creor.cli;

import dev.creor.runtime.Creor;
import dev.creor.serve.CreorGateway;
import dev.creor.serve.GatewayToken;
import java.net.URI;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creor serve}: the OpenAI-compatible gateway, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve Creor's agents and models over the OpenAI chat-completions API, for tools that speak it "
                + "(the openai SDKs, Vercel's AI SDK, curl, editor plugins).",
            "Every request needs Authorization: Bearer TOKEN: CREOR_SERVER_TOKEN, or a token made for this run and "
                + "printed once. Runs until Ctrl-C."})
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

    @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "64",
            description = "How many chat answers may be under way at once; more get 429 (default: ${DEFAULT-VALUE}).")
    private int maxConcurrent;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "8388608",
            description = "The largest request body accepted; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    private int maxBodyBytes;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        String chosen = context.environment().get(TOKEN_VARIABLE);
        GatewayToken token = chosen == null || chosen.isEmpty() ? GatewayToken.generate(new SecureRandom())
                : GatewayToken.chosen(chosen);
        try (Creor creor = Creor.builder().workingDirectory(context.workingDirectory())
                .homeDirectory(context.homeDirectory()).environment(context.environment()).build()) {
            CreorGateway gateway = CreorGateway.builder(creor, token).host(host).port(port)
                    .maxConcurrentRequests(maxConcurrent).maxRequestBodyBytes(maxBodyBytes).build();
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
            return ExitCodes.INTERRUPTED;
        }
    }
}
