package dev.creor.core.routing;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.internal.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A request's route resolved against the router's providers: the steps to try in order, the
 * models skipped because their provider's filter excludes them, or the reason nothing can be
 * tried at all.
 *
 * <p>Every request's models are checked here against the whitelists and blacklists, raw ones
 * included, through the router's one remembered verdict per model
 * ({@link ModelRouter#rejection}); providers receive only allowed models (a native fallback
 * step included).
 *
 * @param steps   what to try, in order
 * @param skips   the models the filters excluded, and those whose known context window the
 *                prompt's estimated size exceeds, as {@link RouteAttempt.Outcome#SKIPPED} attempts
 * @param failure why the request cannot be routed, or {@code null} when it can
 */
record RoutePlan(List<Step> steps, List<RouteAttempt> skips, CreorException failure) {

    /**
     * One step of a route: one model, or a run of consecutive models of one provider that the
     * provider tries natively within one request.
     */
    record Step(String providerId, RouteTarget target, List<ModelRef> models, ConcurrencyGate gate) {
    }

    static RoutePlan of(ChatRequest request, Map<String, RouteTarget> targets, Map<String, ConcurrencyGate> gates,
            Function<ModelRef, Optional<String>> rejection) {
        Set<ModelRef> route = new LinkedHashSet<>();
        route.add(request.model());
        route.addAll(request.fallbacks());

        int position = 0;
        for (ModelRef model : route) {
            if (!targets.containsKey(model.provider())) {
                return failed(unknownProvider(model, position, targets.keySet()));
            }
            position++;
        }

        List<RouteAttempt> skips = new ArrayList<>();
        List<ModelRef> allowed = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        List<String> tooLong = new ArrayList<>();
        long characters = PromptSize.characters(request);
        long tokens = PromptSize.tokens(characters);
        for (ModelRef model : route) {
            Optional<String> rejected = rejection.apply(model);
            OptionalLong window = rejected.isEmpty()
                    ? targets.get(model.provider()).contextWindow(model.model()) : OptionalLong.empty();
            if (window.isPresent() && tokens > window.getAsLong()) {
                String why = String.format(Locale.ROOT, "the prompt is about %,d tokens (%,d characters / %d), more"
                        + " than the context window of %s (%,d tokens)", tokens, characters,
                        PromptSize.CHARACTERS_PER_TOKEN, model, window.getAsLong());
                tooLong.add(why);
                skips.add(RouteAttempt.builder(model, RouteAttempt.Outcome.SKIPPED)
                        .errorCode(ErrorCode.CONTEXT_TOO_LONG).detail(why).build());
            } else if (rejected.isEmpty()) {
                allowed.add(model);
            } else {
                String why = rejected.get() + " of provider " + model.provider();
                rejections.add(why);
                skips.add(RouteAttempt.builder(model, RouteAttempt.Outcome.SKIPPED)
                        .errorCode(ErrorCode.MODEL_NOT_ALLOWED).detail(why).build());
            }
        }
        if (allowed.isEmpty()) {
            return new RoutePlan(List.of(), skips,
                    tooLong.isEmpty() ? notAllowed(route, rejections) : contextTooLong(route, tooLong));
        }
        return new RoutePlan(steps(allowed, targets, gates), skips, null);
    }

    private static List<Step> steps(List<ModelRef> allowed, Map<String, RouteTarget> targets,
            Map<String, ConcurrencyGate> gates) {
        List<Step> steps = new ArrayList<>();
        List<ModelRef> run = new ArrayList<>();
        for (ModelRef model : allowed) {
            boolean joinsRun = !run.isEmpty() && run.get(0).provider().equals(model.provider())
                    && targets.get(model.provider()).nativeFallbacks();
            if (!joinsRun && !run.isEmpty()) {
                steps.add(step(run, targets, gates));
                run.clear();
            }
            run.add(model);
        }
        steps.add(step(run, targets, gates));
        return List.copyOf(steps);
    }

    private static Step step(List<ModelRef> models, Map<String, RouteTarget> targets,
            Map<String, ConcurrencyGate> gates) {
        String provider = models.get(0).provider();
        return new Step(provider, targets.get(provider), List.copyOf(models), gates.get(provider));
    }

    private static RoutePlan failed(CreorException failure) {
        return new RoutePlan(List.of(), List.of(), failure);
    }

    private static CreorException unknownProvider(ModelRef model, int position, Set<String> providers) {
        String where = position == 0 ? "the model" : "fallback " + position;
        String known = providers.isEmpty() ? "no provider is configured"
                : "configured providers: " + String.join(", ", providers);
        return CreorException.builder(ErrorCode.CONFIG_INVALID, "unknown provider \"" + model.provider() + "\" in "
                        + where + " \"" + model + "\"" + Suggestions.didYouMean(model.provider(), providers) + "; "
                        + known)
                .hint("write the model as <provider>/<model-id> with a configured provider, or configure and enable"
                        + " provider \"" + model.provider() + "\"")
                .build();
    }

    private static CreorException contextTooLong(Set<ModelRef> route, List<String> tooLong) {
        String message = route.size() == 1 || tooLong.size() == 1 ? tooLong.get(0)
                : "no model of the route " + route + " can take the prompt: " + String.join("; ", tooLong);
        return CreorException.builder(ErrorCode.CONTEXT_TOO_LONG, message + "; nothing was sent")
                .hint("shorten the prompt, or use a model with a larger context window (`creor models` shows each"
                        + " model's CONTEXT), for example as a fallback")
                .build();
    }

    private static CreorException notAllowed(Set<ModelRef> route, List<String> rejections) {
        String message = route.size() == 1
                ? "model " + route.iterator().next() + " is not allowed: " + rejections.get(0)
                : "no model of the route " + route + " is allowed: " + String.join("; ", rejections);
        String lists = route.stream().map(model -> "provider." + model.provider()).distinct()
                .map(section -> section + ".whitelist or blacklist").collect(Collectors.joining(", "));
        return CreorException.builder(ErrorCode.MODEL_NOT_ALLOWED, message)
                .hint("pick an allowed model, or change " + lists + " in your config")
                .build();
    }
}
