package dev.creor.core;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The route a request took: every attempt in order, including skips and failures before the
 * one that answered.
 *
 * @param attempts the attempts, first to last; empty when the answer did not pass through a
 *                 router (a provider called directly)
 */
public record RouteReport(List<RouteAttempt> attempts) {
    /** The report of an answer that did not pass through a router. */
    public static final RouteReport NONE = new RouteReport(List.of());

    /** Copies the attempts. */
    public RouteReport {
        attempts = List.copyOf(attempts);
    }

    /** Whether anything but the first attempt was needed (a retry, a skip or a fallback). */
    public boolean rerouted() {
        return attempts.size() > 1;
    }

    /** Time spent waiting between attempts. */
    public Duration totalWait() {
        return attempts.stream().map(RouteAttempt::waitBefore).reduce(Duration.ZERO, Duration::plus);
    }

    /** A one-line summary such as {@code a/x FAILED PROVIDER_UNAVAILABLE → a/y SUCCEEDED}. */
    public String summary() {
        return attempts.stream()
                .map(attempt -> attempt.model() + " " + attempt.outcome()
                        + attempt.errorCode().map(code -> " " + code).orElse(""))
                .collect(Collectors.joining(" → "));
    }
}
