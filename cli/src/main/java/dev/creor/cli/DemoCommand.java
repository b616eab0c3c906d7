package dev.creor.cli;

import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatResponse;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code creor demo}: the whole stack, offline. Starts OpenRouter's sandbox in-process, points a
 * throw-away config at it and sends the three agents' requests through config, agents, router,
 * the OpenRouter adapter and HTTP, with one scripted outage that the route survives.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Route real requests through the whole stack against the built-in offline sandbox: no key, "
                + "no network.",
            "It starts OpenRouter's sandbox on 127.0.0.1, points a temporary config at it, and asks the build, plan "
                + "and explore agents something, streaming each answer, with a scripted outage on the way that the "
                + "router and OpenRouter's fallbacks survive. Nothing outside a temporary directory is read or written."})
final class DemoCommand implements Callable<Integer> {
    /** Each step: the agent, what it is asked, and what the demo shows with it. */
    private record Step(String agent, String prompt, String shows) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("build", "Write a Java function that reverses a string.",
                    "a streamed answer from the default agent"),
            new Step("plan", "Plan the split of a billing module into two services.",
                    "a 503 from the model, retried by the router after a short back-off"),
            new Step("explore", "Where is the retry policy configured?",
                    "an outage of the agent's model: OpenRouter falls back to the next model in the same request"));

    /** The sandbox's behaviour: plan's model fails once; explore's model is down for good. */
    static final String SCRIPT = """
            {
              "models": {
                "openai/o3": [{"status": 503, "times": 1, "providerName": "OpenAI"}, {}],
                "google/gemini-2.5-flash": [{"status": 503, "providerName": "Google", "message": "Google is down"}]
              }
            }
            """;

    private final CliContext context;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = context.out();
        Path work = Files.createTempDirectory("creor-demo-");
        Path home = Files.createDirectories(work.resolve("home"));
        Path script = Files.writeString(work.resolve("outage.json"), SCRIPT);
        try (OpenRouterSandbox sandbox = Sandboxes.start(Optional.empty(), 0, Optional.of(script))) {
            out.println("Creor demo: the OpenRouter sandbox listens on " + sandbox.baseUrl()
                    + " (offline, no key needed).");
            out.println();
            // Built-in providers only: an empty environment and a temporary home leave the user's plugins out.
            try (Creor creor = Creor.builder().workingDirectory(work).homeDirectory(home)
                    .environment(Map.of()).config(config(sandbox)).build()) {
                for (Step step : STEPS) {
                    run(creor.agent(step.agent()), step, out);
                }
            }
            out.println("Every request went through config → agents → router → OpenRouter adapter → HTTP.");
            out.println("Next: `creor auth login openrouter`, then `creor run \"...\"` against the real service.");
            out.flush();
            return ExitCodes.OK;
        } finally {
            deleteTree(work);
        }
    }

    private static String config(OpenRouterSandbox sandbox) {
        return """
                {
                  "model": "openrouter/anthropic/claude-sonnet-4",
                  "agent": {
                    "plan": {"model": "openrouter/openai/o3", "temperature": 0.2},
                    "explore": {"model": "openrouter/google/gemini-2.5-flash",
                                "fallbacks": ["openrouter/openai/gpt-4o-mini"]}
                  },
                  "provider": {
                    "openrouter": {
                      "options": {"baseURL": "%s", "apiKey": "%s"},
                      "retry": {"initialBackoffMs": 200, "maxBackoffMs": 400},
                      "timeout": 30000
                    }
                  }
                }
                """.formatted(sandbox.baseUrl(), sandbox.apiKey().reveal());
    }

    private void run(CreorAgent agent, Step step, PrintWriter out) throws Exception {
        out.println("▶ " + agent.name() + " (" + agent.model() + ", " + agent.modelSource() + ") — " + step.shows());
        out.println("  you: " + step.prompt());
        out.print("  " + agent.name() + ": ");
        out.flush();
        ChatResponse response = agent.stream(step.prompt(), text -> {
            out.print(text);
            out.flush();
        }).toCompletableFuture().get(60, TimeUnit.SECONDS);
        out.println();
        out.println("  served by " + response.servedModel() + response.upstreamProvider().map(name -> " via " + name)
                .orElse("") + " · " + response.usage().promptTokens() + " in / " + response.usage().completionTokens()
                + " out tokens" + response.usage().cost().map(cost -> " · $" + cost.toPlainString()).orElse(""));
        out.println("  route: " + describe(response.route()));
        out.println();
        out.flush();
    }

    private static String describe(RouteReport route) {
        StringBuilder text = new StringBuilder();
        for (RouteAttempt attempt : route.attempts()) {
            if (!text.isEmpty()) {
                text.append(" → ");
            }
            if (attempt.waitBefore().toMillis() > 0) {
                text.append("(waited ").append(attempt.waitBefore().toMillis()).append(" ms) ");
            }
            text.append(attempt.model()).append(' ').append(attempt.outcome());
            attempt.errorCode().ifPresent(code -> text.append(' ').append(code));
            if (!attempt.nativeFallbacks().isEmpty()) {
                text.append(" [OpenRouter fallbacks: ").append(attempt.nativeFallbacks()).append(']');
            }
            attempt.servedModel().filter(served -> !served.equals(attempt.model()))
                    .ifPresent(served -> text.append(", answered by ").append(served));
        }
        return text.toString();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless; the demo's result is what matters.
        }
    }
}
