package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.provider.openrouter.sandbox.Generations.Generation;
import dev.creor.provider.openrouter.sandbox.ModelCatalogue.SandboxModel;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /chat/completions}: picks the step for each model the request names, tries the
 * {@code models} fallbacks like the real service, and plans the answer.
 */
final class ChatCompletions {
    private static final String NO_TOOL_ENDPOINTS = "No endpoints found that support tool use. To learn more about "
            + "provider routing, visit: https://openrouter.ai/docs/provider-routing";

    private final ModelCatalogue catalogue;
    private final Scripts scripts;
    private final Generations generations;
    private final Clock clock;

    ChatCompletions(ModelCatalogue catalogue, Scripts scripts, Generations generations, Clock clock) {
        this.catalogue = catalogue;
        this.scripts = scripts;
        this.generations = generations;
        this.clock = clock;
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
            if (catalogue.find(requested).isEmpty() && requestScript == null && !scripts.names(requested)) {
                return Answer.error(400, requested + " is not a valid model ID");
            }
        }

        long latency = 0;
        List<String> candidates = call.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            String requested = candidates.get(i);
            SandboxModel model = catalogue.find(requested).orElseGet(() -> catalogue.unlisted(requested));
            SandboxModel served = model.isRouter() ? catalogue.route(call.lastUserText()) : model;
            SandboxBehaviour step = (requestScript != null ? Optional.of(requestScript.next()) : scripts.next(requested))
                    .orElse(SandboxBehaviour.reply());
            if (step.outcome() == SandboxBehaviour.Outcome.REPLY && call.hasTools() && !served.supportsTools()) {
                step = step.and(SandboxBehaviour.status(404).message(NO_TOOL_ENDPOINTS));
            }
            latency += step.latencyMillis();
            boolean last = i == candidates.size() - 1;
            if (step.outcome() == SandboxBehaviour.Outcome.STATUS) {
                if (!last && movesToNextModel(step.status())) {
                    continue;
                }
                return new Answer(errorPlan(step, call, served, latency), Optional.empty());
            }
            return reply(call, served, step, latency);
        }
        throw new IllegalStateException("a chat request always names at least one model");
    }

    /** The statuses after which the real service tries the next model in {@code models}. */
    static boolean movesToNextModel(int status) {
        return status == 404 || status == 413 || status == 422 || status == 429 || status >= 500;
    }

    private ResponsePlan errorPlan(SandboxBehaviour step, ChatCall call, SandboxModel served, long latency) {
        ResponsePlan.Builder plan = ResponsePlan.builder().latency(latency).head(step.status(), "application/json", false);
        if (step.retryAfterHeader() != null) {
            plan.header("retry-after", step.retryAfterHeader());
        }
        return plan.segment(ErrorBodies.scripted(step.status(), step, served, call.lastUserText()), 0).build();
    }

    private Answer reply(ChatCall call, SandboxModel served, SandboxBehaviour step, long latency) {
        Instant now = clock.instant();
        long created = now.getEpochSecond();
        Reply reply = Reply.compose(call, served, step, generations.nextId(created), created);
        Generation generation = new Generation(reply, call.stream(), now, latency);
        generations.add(generation);

        ResponsePlan.Builder plan = ResponsePlan.builder().latency(latency);
        if (step.retryAfterHeader() != null) {
            plan.header("retry-after", step.retryAfterHeader());
        }
        if (call.stream()) {
            plan.head(200, "text/event-stream", true).header("cache-control", "no-cache");
            Reply.Stream stream = reply.stream(call.includeUsage());
            stream.deltas().forEach(event -> plan.segment(event, 0));
            if (stream.usageOrNull() != null) {
                plan.segment(stream.usageOrNull(), 0);
            }
            plan.segment(Reply.Stream.DONE, 0);
        } else {
            plan.head(200, "application/json", false).segment(reply.json(), 0);
        }
        return new Answer(plan.build(), Optional.of(generation));
    }
}
