package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.provider.openrouter.sandbox.Generations.Generation;
import dev.creor.provider.openrouter.sandbox.ModelCatalogue.SandboxModel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /chat/completions}: picks the step for each model the request names, tries the
 * {@code models} fallbacks like the real service, and plans the answer.
 */
final class ChatCompletions {
    /** What OpenRouter sends while the upstream is slow; SSE clients must ignore it. */
    static final String KEEP_ALIVE_COMMENT = ": OPENROUTER PROCESSING\n\n";

    private static final String NO_TOOL_ENDPOINTS = "No endpoints found that support tool use. To learn more about "
            + "provider routing, visit: https://openrouter.ai/docs/provider-routing";

    private final ModelCatalogue catalogue;
    private final Scripts scripts;
    private final Generations generations;
    private final Clock clock;
    private final PromptCache promptCache = new PromptCache();
    private final boolean byok;
    private final FreeModelLimit freeModels = new FreeModelLimit();

    ChatCompletions(ModelCatalogue catalogue, Scripts scripts, Generations generations, Clock clock, boolean byok) {
        this.catalogue = catalogue;
        this.scripts = scripts;
        this.generations = generations;
        this.clock = clock;
        this.byok = byok;
    }

    /** What to send, and the generation it bills (none for errors). */
    record Answer(ResponsePlan plan, Optional<Generation> generation) {
        static Answer error(int status, String message) {
            return new Answer(ResponsePlan.json(status, ErrorBodies.plain(status, message)), Optional.empty());
        }
    }

    /**
     * Answers one request.
     *
     * @param body         the parsed body
     * @param scriptHeader the {@value OpenRouterSandbox#SCRIPT_HEADER} header, or {@code null}
     */
    Answer answer(JsonNode body, String scriptHeader) {
        ChatCall call;
        try {
            call = ChatCall.parse(body);
        } catch (ChatCall.BadRequest e) {
            return Answer.error(400, e.getMessage());
        }
        Script requestScript = null;
        if (scriptHeader != null) {
            try {
                requestScript = new Script(ScriptReader.readSteps(scriptHeader));
            } catch (ScriptReader.InvalidScript e) {
                return Answer.error(400, OpenRouterSandbox.SCRIPT_HEADER + " is not a valid script: " + e.getMessage());
            }
        }
        for (String requested : call.candidates()) {
            // A preset (@preset/slug) lives in the account, not in the catalogue; the sandbox has every one.
            if (catalogue.find(requested).isEmpty() && requestScript == null && !scripts.names(requested)
                    && !requested.startsWith("@preset/")) {
                return Answer.error(400, requested + " is not a valid model ID");
            }
        }

        long latency = 0;
        List<String> candidates = call.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            String requested = candidates.get(i);
            boolean last = i == candidates.size() - 1;
            Optional<ResponsePlan> capped = freeModels.admit(requested, clock.instant());
            if (capped.isPresent()) {
                if (!last) {
                    continue;
                }
                return new Answer(capped.get(), Optional.empty());
            }
            SandboxModel model = catalogue.find(requested).orElseGet(() -> catalogue.unlisted(requested));
            SandboxModel served = model.isRouter() ? catalogue.route(call.lastUserText()) : model;
            if (!model.isRouter() && model.contextLength() > 0 && call.promptTokens() > model.contextLength()) {
                // Checked before any provider is asked, and a reason to try the next model, as OpenRouter does.
                if (last) {
                    return Answer.error(400, contextLengthExceeded(model, call.promptTokens()));
                }
                continue;
            }
            SandboxBehaviour step = (requestScript != null ? Optional.of(requestScript.next()) : scripts.next(requested))
                    .orElse(SandboxBehaviour.reply());
            if (step.outcome() == SandboxBehaviour.Outcome.REPLY && step.toolCalls().isEmpty() && call.hasTools()
                    && !served.supportsTools()) {
                step = step.and(SandboxBehaviour.status(404).message(NO_TOOL_ENDPOINTS));
            }
            for (String kind : call.mediaKinds()) {
                if (step.outcome() == SandboxBehaviour.Outcome.REPLY && !served.inputModalities().contains(kind)) {
                    step = step.and(SandboxBehaviour.status(404).message("No endpoints found that support " + kind
                            + " input. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing"));
                }
            }
            if (step.outcome() == SandboxBehaviour.Outcome.REPLY && served.signsReasoning()) {
                String problem = ThoughtSignatures.problem(call);
                if (problem != null) {
                    return Answer.error(400, problem);
                }
            }
            latency += step.latencyMillis();
            if (step.outcome() == SandboxBehaviour.Outcome.STATUS) {
                if (!last && movesToNextModel(step.status())) {
                    continue;
                }
                return new Answer(errorPlan(step, call, served, latency), Optional.empty());
            }
            return reply(call, served, step, latency, requested.endsWith(":online") || call.webPlugin());
        }
        throw new IllegalStateException("a chat request always names at least one model");
    }

    /** The cap on free model variants, off unless a test sets it. */
    FreeModelLimit freeModels() {
        return freeModels;
    }

    /** OpenRouter's message when a prompt does not fit a model's context window (with HTTP 400). */
    static String contextLengthExceeded(SandboxModel model, long promptTokens) {
        return "This endpoint's maximum context length is " + model.contextLength() + " tokens. However, you requested"
                + " about " + promptTokens + " tokens (" + promptTokens + " of text input). Please reduce the length of"
                + " either one, or use the \"middle-out\" transform to compress your prompt automatically.";
    }

    /** The statuses after which the real service tries the next model in {@code models}. */
    static boolean movesToNextModel(int status) {
        return status == 404 || status == 413 || status == 422 || status == 429 || status >= 500;
    }

    private ResponsePlan errorPlan(SandboxBehaviour step, ChatCall call, SandboxModel served, long latency) {
        String body = ErrorBodies.scripted(step.status(), step, served, call.lastUserText());
        return jsonPlan(step, step.status(), body, latency);
    }

    private Answer reply(ChatCall call, SandboxModel served, SandboxBehaviour step, long latency, boolean online) {
        Instant now = clock.instant();
        long created = now.getEpochSecond();
        PromptCache.Use cache = served.cachesAtBreakpoints()
                ? promptCache.use(served.id(), call.cachePrefixes(), now) : PromptCache.Use.NONE;
        Reply reply = Reply.compose(call, served, step, generations.nextId(created), created,
                new Reply.Account(cache, byok, online));
        boolean fails = step.outcome() == SandboxBehaviour.Outcome.ERROR_IN_200 || step.midStreamErrorAfter() >= 0;
        Optional<Generation> generation = Optional.empty();
        if (!fails) {
            generation = Optional.of(new Generation(reply, call.stream(), now, latency));
            generations.add(generation.get());
        }
        ResponsePlan plan;
        if (call.stream()) {
            plan = streamPlan(call, served, step, reply, latency);
        } else if (step.outcome() == SandboxBehaviour.Outcome.ERROR_IN_200) {
            plan = jsonPlan(step, 200, reply.errorJson(ErrorBodies.errorMember(step.errorCode(), step, served)), latency);
        } else if (step.midStreamErrorAfter() >= 0) {
            plan = jsonPlan(step, 200, reply.errorJson(ErrorBodies.errorMember(step.midStreamCode(), step, served)), latency);
        } else {
            plan = jsonPlan(step, 200, reply.json(step.hasFinishReason()), latency);
        }
        return new Answer(plan, generation);
    }

    /**
     * A JSON answer, with a {@code Content-Length} unless it is split: the step's latency,
     * stall, reset, byte splits and malformed body apply; pacing does not.
     */
    private static ResponsePlan jsonPlan(SandboxBehaviour step, int status, String json, long latency) {
        ResponsePlan.Builder plan = ResponsePlan.builder().latency(latency);
        if (endsBeforeHeaders(step, plan)) {
            return plan.build();
        }
        // A split body goes out chunked so that a client sees each piece apart; otherwise the
        // pieces of a Content-Length body would merge in the client's reads.
        boolean split = step.splitEvery() > 0 || !step.splitAt().isEmpty();
        plan.head(status, "application/json", split);
        if (step.retryAfterHeader() != null) {
            plan.header("retry-after", step.retryAfterHeader());
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (step.malformedAfter() >= 0) {
            body = Arrays.copyOf(body, body.length / 2);
        }
        plan.segment(body, 0);
        if (step.stallOrNull() != null) {
            plan.stallAfter(0);
        } else if (step.resetOrNull() == SandboxBehaviour.Reset.AFTER_BYTES) {
            plan.resetAfter(step.resetAfterBytes());
        }
        return plan.splitEvery(step.splitEvery()).splitAt(step.splitAt()).build();
    }

    /**
     * An SSE answer: keep-alive comments, then the {@code data:} events paced by the step
     * (with comments while waiting, if asked), with the step's error, malformed line, stall,
     * reset and byte splits.
     */
    private static ResponsePlan streamPlan(ChatCall call, SandboxModel served, SandboxBehaviour step, Reply reply,
                                           long latency) {
        List<String> events = new ArrayList<>();
        if (step.outcome() == SandboxBehaviour.Outcome.ERROR_IN_200) {
            events.add(reply.errorEvent(ErrorBodies.errorMember(step.errorCode(), step, served), Reply.ErrorChoices.EMPTY));
        } else if (step.midStreamErrorAfter() >= 0) {
            List<String> deltas = reply.stream(false, false).deltas();
            events.addAll(deltas.subList(0, Math.min(step.midStreamErrorAfter(), deltas.size())));
            events.add(reply.errorEvent(ErrorBodies.errorMember(step.midStreamCode(), step, served),
                    step.errorHasChoices() ? Reply.ErrorChoices.FINISHED_WITH_ERROR : Reply.ErrorChoices.ABSENT));
        } else {
            Reply.Stream stream = reply.stream(call.includeUsage(), step.hasFinishReason());
            events.addAll(stream.deltas());
            if (stream.usageOrNull() != null) {
                events.add(stream.usageOrNull());
            }
        }
        events.add(Reply.Stream.DONE);
        if (step.malformedAfter() >= 0) {
            events.add(Math.min(step.malformedAfter(), events.size() - 1), reply.malformedEvent());
        }

        ResponsePlan.Builder plan = ResponsePlan.builder().latency(latency);
        if (endsBeforeHeaders(step, plan)) {
            return plan.build();
        }
        plan.head(200, "text/event-stream", true).header("cache-control", "no-cache");
        if (step.retryAfterHeader() != null) {
            plan.header("retry-after", step.retryAfterHeader());
        }
        long every = step.keepAliveEveryMillis();
        for (int i = 0; i < step.keepAliveComments(); i++) {
            plan.segment(KEEP_ALIVE_COMMENT, i == 0 ? 0 : every);
        }
        int stallAt = -1;
        if (step.stallOrNull() == SandboxBehaviour.Stall.BEFORE_FIRST_CHUNK
                || step.stallOrNull() == SandboxBehaviour.Stall.AFTER_CHUNKS && step.stallAfterChunks() == 0) {
            stallAt = plan.bodySize();
        }
        long between = step.keepAliveBetweenMillis();
        for (int i = 0; i < events.size(); i++) {
            long wait = i == 0 ? (step.keepAliveComments() > 0 ? every : 0) : step.dripMillis();
            if (i > 0 && between > 0) {
                for (; wait > between; wait -= between) {
                    plan.segment(KEEP_ALIVE_COMMENT, between);
                }
            }
            plan.segment(events.get(i), wait);
            if (step.stallOrNull() == SandboxBehaviour.Stall.AFTER_CHUNKS && step.stallAfterChunks() == i + 1) {
                stallAt = plan.bodySize();
            }
        }
        if (step.stallOrNull() != null) {
            plan.stallAfter(stallAt >= 0 ? stallAt : plan.bodySize());
        } else if (step.resetOrNull() == SandboxBehaviour.Reset.AFTER_BYTES) {
            plan.resetAfter(step.resetAfterBytes());
        }
        return plan.splitEvery(step.splitEvery()).splitAt(step.splitAt()).build();
    }

    /** Plans a stall or reset before the status line, if the step has one. */
    private static boolean endsBeforeHeaders(SandboxBehaviour step, ResponsePlan.Builder plan) {
        if (step.stallOrNull() == SandboxBehaviour.Stall.BEFORE_HEADERS) {
            plan.stallAfter(0);
            return true;
        }
        if (step.resetOrNull() == SandboxBehaviour.Reset.BEFORE_HEADERS) {
            plan.resetAfter(0);
            return true;
        }
        return false;
    }
}
