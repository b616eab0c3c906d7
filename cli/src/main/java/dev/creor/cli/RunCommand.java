package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.agents.AgentProblem;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
import dev.creor.runtime.PluginIssue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code creor run}: asks an agent and streams the answer to standard output as it arrives. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Ask an agent; the answer streams to standard output as it arrives.",
            "A one-line summary (model, upstream provider, tokens, cost, time to first token, total time and the "
                + "route when fallbacks were used) follows on standard error. Ctrl-C cancels the request and exits 130."})
final class RunCommand implements Callable<Integer> {
    /** The efforts OpenRouter's request schema names, weakest first. */
    static final List<String> REASONING_EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");

    private final CliContext context;

    @Option(names = {"-a", "--agent"}, paramLabel = "AGENT", defaultValue = "build",
            description = "The agent to ask (default: ${DEFAULT-VALUE}); `creor agents` lists them.")
    private String agentName;

    @Option(names = {"-m", "--model"}, paramLabel = "REF",
            description = "Use this model (provider/model-id) whatever the config says, e.g. openrouter/openai/gpt-4o.")
    private String model;

    @Option(names = "--system", paramLabel = "TEXT", description = "Use this system prompt instead of the agent's.")
    private String system;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature, 0 to 2.")
    private Double temperature;

    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens the answer may have.")
    private Integer maxTokens;

    @Option(names = "--reasoning-effort", paramLabel = "EFFORT",
            description = "How hard a reasoning model thinks: none, minimal, low, medium, high or xhigh; replaces the"
                    + " agent's reasoning effort or budget.")
    private String reasoningEffort;

    @Option(names = "--json", description = "Print one JSON object per event instead of text.")
    private boolean json;

    @Option(names = "--image", paramLabel = "FILE",
            description = "Send this image (PNG, JPEG, GIF or WebP) with the prompt; repeat for several.")
    private List<String> images = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT",
            description = "What to ask; '-' (or nothing, when input is piped) reads it from standard input; piped"
                    + " input after a prompt is added to it.")
    private String prompt;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Interruption interruption = new Interruption(context.err(), json ? context.out() : null);
        Runtime.getRuntime().addShutdownHook(interruption);
        try {
            return ask(interruption);
        } catch (CreorException failure) {
            if (json) {
                // Scripts read stdout only: they get the failure as the stream's last object too.
                new JsonPrinter(context.out()).failed(new ChatEvent.Failed(failure, "", RouteReport.NONE));
            }
            throw failure;
        } finally {
            interruption.finished();
            removeHook(interruption);
        }
    }

    private int ask(Interruption interruption) throws Exception {
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw CreorException.of(ErrorCode.USAGE, "--temperature must be between 0 and 2, got " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw CreorException.of(ErrorCode.USAGE, "--max-tokens must be a positive number of tokens, got " + maxTokens);
        }
        if (reasoningEffort != null && !REASONING_EFFORTS.contains(reasoningEffort)) {
            throw CreorException.builder(ErrorCode.USAGE, "--reasoning-effort must be one of "
                            + String.join(", ", REASONING_EFFORTS) + ", got \"" + reasoningEffort + "\"")
                    .hint("e.g. creor run --reasoning-effort high \"...\"").build();
        }
        String question = readPrompt();
        // Read before the runtime starts: a missing or unsupported image is a usage error, exit 2.
        Message.Builder userMessage = Message.builder(Role.USER).text(question);
        for (String image : images) {
            userMessage.image(ImageFiles.read(image, context.workingDirectory()));
        }
        try (Creor creor = CliRuntime.creor(context)) {
            interruption.closeOnInterrupt(creor);
            // A plugin that could not be loaded may be why a provider is missing: say so, then go on.
            creor.pluginProblems().stream().filter(PluginIssue::error)
                    .forEach(problem -> context.err().println("creor: " + problem));
            context.err().flush();
            ModelRef override = model == null ? null : ModelArgument.parse(model, "--model", creor);
            CreorAgent agent = creor.agent(agentName);
            if (override != null) {
                agent = agent.withModel(override, "--model");
            }
            if (system != null) {
                agent = agent.withSystemPrompt(system);
            }
            if (temperature != null) {
                agent = agent.withTemperature(temperature);
            }
            if (maxTokens != null) {
                agent = agent.withMaxTokens(maxTokens);
            }
            if (reasoningEffort != null) {
                agent = agent.withReasoningEffort(reasoningEffort);
            }
            Set<String> involved = new LinkedHashSet<>();
            involved.add(agent.model().provider());
            agent.fallbacks().forEach(ref -> involved.add(ref.provider()));
            // Before anything is sent: where the keys go, when it is not where the provider says.
            involved.forEach(id -> creor.customEndpoint(id).ifPresent(endpoint -> context.err().println("creor: " + endpoint)));
            context.err().flush();
            // Checked here too, although the stream checks again, so that a broken agent fails the command
            // the way every failure before the request does: on standard error, whatever the output format.
            List<AgentProblem> problems = agent.problems().toCompletableFuture().get();
            if (!problems.isEmpty()) {
                throw AgentProblem.toException(problems);
            }
            Printer printer = json ? new JsonPrinter(context.out()) : new TextPrinter(context.out(), context.err());
            long started = System.nanoTime();
            WaitingIndicator waiting = WaitingIndicator.forRun(context, json, agent.model().toString(), started);
            Subscriber subscriber = new Subscriber(printer, agent.model(), started, waiting);
            interruption.cancelOnInterrupt(subscriber);
            waiting.start();
            try {
                agent.stream(List.of(userMessage.build())).subscribe(subscriber);
                return subscriber.done.get();
            } finally {
                waiting.stop();
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting (Ctrl-C): the hook is running and will finish the job.
        }
    }

    /**
     * The argument, standard input, or both: piped input after an argument is what the argument
     * is about ({@code creor run "explain this" < trace.txt}), so it follows it, as {@code llm} does.
     */
    private String readPrompt() {
        if (prompt != null && !prompt.equals("-")) {
            String argument = requireText(prompt);
            if (context.interactive()) {
                return argument;
            }
            String piped = readStandardInput();
            return piped.isBlank() ? argument : argument + "\n\n" + piped;
        }
        if (prompt == null && context.interactive()) {
            throw noPrompt();
        }
        String piped = readStandardInput();
        if (prompt == null && piped.isEmpty()) {
            throw noPrompt();
        }
        return requireText(piped);
    }

    private String readStandardInput() {
        byte[] bytes;
        try {
            bytes = context.in().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompt from standard input", e);
        }
        return strictUtf8(bytes);
    }

    /**
     * The text the bytes spell in UTF-8. A byte that is not UTF-8 would reach the model as U+FFFD,
     * changing the prompt without a word, so it is refused with its offset instead.
     */
    private static String strictUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw CreorException.builder(ErrorCode.USAGE, String.format("standard input is not UTF-8: byte %d (0x%02X)"
                            + " cannot start or continue a UTF-8 character", offset, bytes[offset] & 0xFF))
                    .hint("convert it first, e.g. iconv -f LATIN1 -t UTF-8 FILE | creor run ...").build();
        }
        return out.flip().toString();
    }

    private static CreorException noPrompt() {
        return CreorException.builder(ErrorCode.USAGE, "no prompt: give one as an argument, or pipe it in")
                .hint("creor run \"explain this error\"   or   git diff | creor run --agent plan -").build();
    }

    private static String requireText(String text) {
        if (text.isBlank()) {
            throw CreorException.of(ErrorCode.USAGE, "the prompt is empty");
        }
        return text;
    }

    /** Receives the stream one event at a time and ends with the exit code. */
    private static final class Subscriber implements Flow.Subscriber<ChatEvent> {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        private final Printer printer;
        private final ModelRef model;
        private final long started;
        private final WaitingIndicator waiting;
        private final StringBuilder partialText = new StringBuilder();
        private long firstToken;
        private Flow.Subscription subscription;

        Subscriber(Printer printer, ModelRef model, long started, WaitingIndicator waiting) {
            this.printer = printer;
            this.model = model;
            this.started = started;
            this.waiting = waiting;
        }

        /** Erases the waiting indicator, if it shows, before anything else is printed. */
        void stopWaiting() {
            waiting.stop();
        }

        /** The failure an interruption ends with: the text that arrived, and the attempt it cut short. */
        synchronized ChatEvent.Failed interrupted(CreorException interruption) {
            RouteAttempt cut = RouteAttempt.builder(model, RouteAttempt.Outcome.CANCELLED)
                    .latency(Duration.ofNanos(System.nanoTime() - started)).build();
            return new ChatEvent.Failed(interruption, partialText.toString(), new RouteReport(List.of(cut)));
        }

        /** Cancels the request unless it is over; whether it did. */
        boolean cancel() {
            if (!done.complete(ExitCodes.of(ErrorCode.CANCELLED))) {
                return false;
            }
            Flow.Subscription current;
            synchronized (this) {
                current = subscription;
            }
            if (current != null) {
                current.cancel();
            }
            return true;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            synchronized (this) {
                this.subscription = subscription;
            }
            subscription.request(1);
        }

        @Override
        public void onNext(ChatEvent event) {
            if (done.isDone()) {
                return;
            }
            waiting.stop();
            if (event instanceof ChatEvent.TextDelta text) {
                synchronized (this) {
                    partialText.append(text.text());
                }
            }
            if (firstToken == 0 && (event instanceof ChatEvent.TextDelta || event instanceof ChatEvent.ReasoningDelta
                    || event instanceof ChatEvent.ToolCallDelta)) {
                firstToken = System.nanoTime();
            }
            if (event instanceof ChatEvent.Completed completed) {
                printer.completed(completed.metadata(), timeToFirstToken(), millisSince(started));
                done.complete(ExitCodes.OK);
            } else if (event instanceof ChatEvent.Failed failed) {
                printer.failed(failed);
                done.complete(ExitCodes.of(failed.error().code()));
            } else {
                printer.delta(event);
                subscription.request(1);
            }
        }

        /** From the request to the first token; -1 when none came. */
        private long timeToFirstToken() {
            return firstToken == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstToken - started);
        }

        private static long millisSince(long nanos) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
        }

        @Override
        public void onError(Throwable error) {
            waiting.stop();
            done.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            done.complete(ExitCodes.OK);
        }
    }

    /**
     * What Ctrl-C (SIGINT) does while the command works, as a shutdown hook: cancels the
     * request, which closes its connection to the provider, says so on standard error (and as
     * the last object on standard output with {@code --json}), and closes the runtime. The JVM
     * then exits with 130.
     */
    private static final class Interruption extends Thread {
        private final PrintWriter err;
        private final PrintWriter jsonOut;
        private volatile boolean finished;
        private volatile Subscriber subscriber;
        private volatile Creor runtime;

        /** @param jsonOut standard output when {@code --json} is on, else null */
        Interruption(PrintWriter err, PrintWriter jsonOut) {
            super("creor-interrupt");
            this.err = err;
            this.jsonOut = jsonOut;
        }

        void closeOnInterrupt(Creor started) {
            this.runtime = started;
        }

        void cancelOnInterrupt(Subscriber streaming) {
            this.subscriber = streaming;
        }

        void finished() {
            finished = true;
        }

        @Override
        public void run() {
            if (finished || !(ProcessExit.cause() instanceof ProcessExit.Signal)) {
                // Not Ctrl-C: the command ended, or something else ends the process (ProcessExit's guard says what).
                return;
            }
            Subscriber streaming = subscriber;
            if (streaming != null && !streaming.cancel()) {
                return;
            }
            if (streaming != null) {
                streaming.stopWaiting();
            }
            CreorException interrupted = CreorException.of(ErrorCode.CANCELLED,
                    "interrupted; the request was cancelled");
            if (jsonOut != null) {
                new JsonPrinter(jsonOut).failed(streaming == null ? new ChatEvent.Failed(interrupted, "", RouteReport.NONE)
                        : streaming.interrupted(interrupted));
            } else {
                err.println();
            }
            err.println("creor: " + interrupted.getMessage());
            err.flush();
            Creor started = runtime;
            if (started != null) {
                started.close();
            }
        }
    }

    /** How events are shown. */
    private interface Printer {
        void delta(ChatEvent event);

        void completed(ResponseMetadata metadata, long firstTokenMillis, long totalMillis);

        void failed(ChatEvent.Failed failed);
    }

    /** The answer's text on standard output, the summary and errors on standard error. */
    private static final class TextPrinter implements Printer {
        private final PrintWriter out;
        private final PrintWriter err;
        private boolean endsWithNewline = true;
        private boolean wroteText;
        private final List<ChatResponse.Citation> citations = new ArrayList<>();

        TextPrinter(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void delta(ChatEvent event) {
            if (event instanceof ChatEvent.TextDelta text && !text.text().isEmpty()) {
                out.print(text.text());
                out.flush();
                wroteText = true;
                endsWithNewline = text.text().endsWith("\n");
            } else if (event instanceof ChatEvent.ToolCallDelta call && call.name().isPresent()) {
                err.println("creor: the model called the tool " + call.name().get());
                err.flush();
            } else if (event instanceof ChatEvent.CitationAdded cited) {
                citations.add(cited.citation());
            }
        }

        @Override
        public void completed(ResponseMetadata metadata, long firstTokenMillis, long totalMillis) {
            endLine();
            // Sources belong to the answer, so they go where the answer goes.
            for (int i = 0; i < citations.size(); i++) {
                ChatResponse.Citation citation = citations.get(i);
                out.println("[" + (i + 1) + "] " + (citation.title().isEmpty() ? "" : citation.title() + " — ") + citation.url());
            }
            out.flush();
            StringBuilder summary = new StringBuilder(metadata.servedModel().toString());
            metadata.upstreamProvider().ifPresent(upstream -> summary.append(" via ").append(upstream));
            summary.append(" · ").append(metadata.usage().promptTokens()).append(" in / ")
                    .append(metadata.usage().completionTokens()).append(" out tokens");
            RouteReport.PromptCache cache = metadata.route().promptCache();
            if (cache.used()) {
                summary.append(" (").append(cache.cachedTokens()).append(" cached, ")
                        .append(cache.writtenTokens()).append(" written to cache");
                cache.savings().ifPresent(saved -> summary.append(saved.signum() >= 0
                        ? ", saving $" + saved.toPlainString() : ", costing $" + saved.negate().toPlainString() + " extra"));
                summary.append(')');
            }
            metadata.usage().cost().ifPresent(cost -> summary.append(" · $").append(cost.toPlainString()));
            if (firstTokenMillis >= 0) {
                summary.append(" · first token ").append(firstTokenMillis).append(" ms");
            }
            summary.append(" · total ").append(totalMillis).append(" ms");
            RouteReport route = metadata.route();
            if (RouteText.worthShowing(route)) {
                summary.append(" · route: ").append(RouteText.describe(route));
            }
            err.println(summary);
            err.flush();
        }

        @Override
        public void failed(ChatEvent.Failed failed) {
            endLine();
            CreorException error = failed.error();
            err.println("creor: " + error.getMessage());
            error.hint().ifPresent(hint -> err.println("  hint: " + hint));
            if (RouteText.worthShowing(failed.route())) {
                err.println("  route: " + RouteText.describe(failed.route()));
            }
            err.flush();
        }

        private void endLine() {
            if (wroteText && !endsWithNewline) {
                out.println();
            }
            out.flush();
        }
    }

    /** One JSON object per event on standard output. */
    private static final class JsonPrinter implements Printer {
        private final PrintWriter out;

        JsonPrinter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void delta(ChatEvent event) {
            ObjectNode node = Json.object();
            if (event instanceof ChatEvent.TextDelta text) {
                node.put("type", "text").put("text", text.text());
            } else if (event instanceof ChatEvent.ReasoningDelta reasoning) {
                node.put("type", "reasoning").put("text", reasoning.text());
            } else if (event instanceof ChatEvent.ToolCallDelta call) {
                node.put("type", "tool_call").put("index", call.index());
                call.id().ifPresent(id -> node.put("id", id));
                call.name().ifPresent(name -> node.put("name", name));
                node.put("arguments", call.argumentsFragment());
            } else if (event instanceof ChatEvent.ReasoningDetail detail) {
                node.put("type", "reasoning_detail").put("index", detail.index());
                // The provider's raw entry, as it must go back on the next turn; a script keeps it as it is.
                node.putRawValue("detail", new RawValue(detail.json()));
            } else if (event instanceof ChatEvent.CitationAdded cited) {
                ChatResponse.Citation citation = cited.citation();
                node.put("type", "citation").put("url", citation.url()).put("title", citation.title())
                        .put("content", citation.content()).put("startIndex", citation.startIndex())
                        .put("endIndex", citation.endIndex());
            } else {
                return;
            }
            print(node);
        }

        @Override
        public void completed(ResponseMetadata metadata, long firstTokenMillis, long totalMillis) {
            ObjectNode node = Json.object().put("type", "completed")
                    .put("model", metadata.servedModel().toString())
                    .put("finishReason", metadata.finishReason().name());
            metadata.upstreamProvider().ifPresent(upstream -> node.put("upstreamProvider", upstream));
            metadata.generationId().ifPresent(id -> node.put("generationId", id));
            node.set("usage", Json.usage(metadata.usage()));
            metadata.usage().cost().map(BigDecimal::toPlainString).ifPresent(cost -> node.put("cost", cost));
            if (firstTokenMillis >= 0) {
                node.put("timeToFirstTokenMs", firstTokenMillis);
            }
            node.put("totalMs", totalMillis);
            node.set("route", Json.route(metadata.route()));
            if (metadata.route().promptCache().used()) {
                node.set("promptCache", Json.promptCache(metadata.route().promptCache()));
            }
            print(node);
        }

        @Override
        public void failed(ChatEvent.Failed failed) {
            ObjectNode node = Json.object().put("type", "failed");
            node.setAll(Json.error(failed.error()));
            node.put("partialText", failed.partialText());
            node.set("route", Json.route(failed.route()));
            print(node);
        }

        private void print(ObjectNode node) {
            out.println(Json.line(node));
            out.flush();
        }
    }
}
