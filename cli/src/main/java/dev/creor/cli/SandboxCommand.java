package dev.creor.cli;

import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creor sandbox}: an offline, OpenRouter-compatible server in the foreground. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Run a provider's offline sandbox (OpenRouter's by default) on 127.0.0.1 until Ctrl-C.",
            "It answers like the real service, deterministically, and can be scripted to fail in every way a real "
                + "service does (see docs/sandbox.md for the script format)."})
final class SandboxCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The port to listen on (default: a free one).")
    private int port;

    @Option(names = "--script", paramLabel = "FILE",
            description = "What each model answers: a script file as docs/sandbox.md describes.")
    private Path script;

    @Option(names = "--provider", paramLabel = "P", description = "Whose sandbox to run (default: openrouter).")
    private String provider;

    SandboxCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw dev.creor.core.CreorException.of(dev.creor.core.ErrorCode.USAGE,
                    "--port must be between 0 and 65535, got " + port);
        }
        Optional<Path> scriptFile = Optional.ofNullable(script).map(context.workingDirectory()::resolve);
        OpenRouterSandbox sandbox = Sandboxes.start(Optional.ofNullable(provider), port, scriptFile);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            context.err().println("creor: the sandbox stopped");
            context.err().flush();
            stopped.countDown();
        }, "creor-sandbox-stop"));
        String key = sandbox.apiKey().reveal();
        context.out().println("OpenRouter sandbox listening on " + sandbox.baseUrl());
        context.out().println("Key (accepted by this sandbox only): " + key);
        context.out().println("Point Creor at it, e.g.:");
        context.out().println("  CREOR_CONFIG_CONTENT='" + configSnippet(Sandboxes.PROVIDER, sandbox.providerOptions(), key)
                + "' creor run \"hello\"");
        context.out().println("Press Ctrl-C to stop.");
        context.out().flush();
        stopped.await();
        return ExitCodes.INTERRUPTED;
    }

    static String configSnippet(String providerId, Map<String, Object> options, String key) {
        StringBuilder json = new StringBuilder("{\"provider\":{\"").append(providerId).append("\":{\"options\":{");
        options.forEach((name, value) -> json.append('"').append(name).append("\":\"").append(value).append("\","));
        return json.append("\"apiKey\":\"").append(key).append("\"}}}}").toString();
    }
}
