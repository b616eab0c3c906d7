package dev.creor.provider.openrouter.routing;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.latency;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeHeaders;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteAttempt;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RetryPolicy;
import dev.creor.core.routing.RouteTarget;
import dev.creor.spi.Provider;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix, part three: {@code timeout} is the limit of the whole request through the
 * real adapter, not of each attempt (issue 14: three attempts ran 31.8 s under
 * {@code timeout: 10000}). The router runs on real time here, since its limit races the
 * adapter's sockets; the chunk timeout is relaxed so that only the total limit can fire.
 */
class TotalTimeoutTest extends RouterOverSandbox {
    private static final Duration LIMIT = Duration.ofSeconds(1);

    /** The router as the app builds it: the provider's timeout on both the adapter and the route. */
    private ModelRouter routerLimitedTo(Duration limit, RetryPolicy retries) {
        Provider provider = provider("openrouter", settings -> settings.totalTimeout(limit));
        return ModelRouter.builder(realTime()).random(new SplittableRandom(SEED))
                .provider("openrouter", RouteTarget.builder(provider.chatModel()).nativeFallbacks(true)
                        .retryPolicy(retries).totalTimeout(limit).build())
                .build();
    }

    @Test
    void aSilentUpstreamIsAskedOnceNotOncePerAttempt() throws Exception {
        sandbox.script(PRIMARY, stallBeforeHeaders());

        CreorException error = chatFailure(routerLimitedTo(LIMIT, RetryPolicy.defaults()), request(PRIMARY_REF));

        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.getMessage()).startsWith("total timeout: the request for " + PRIMARY_REF
                + " took longer than 1 s (1 attempt)");
        assertThat(error.route().attempts()).extracting(RouteAttempt::outcome).containsExactly(RouteAttempt.Outcome.FAILED);
        assertThat(chatRequests()).as("before the fix: one request per attempt, three in all").containsExactly(PRIMARY);
    }

    @Test
    void failingAttemptsAndTheirBackOffsStopAtTheLimit() throws Exception {
        sandbox.script(PRIMARY, status(503).and(latency(Duration.ofMillis(400))));
        RetryPolicy fiveQuickTries = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1));

        CreorException error = chatFailure(routerLimitedTo(LIMIT, fiveQuickTries), request(PRIMARY_REF));

        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.getMessage()).startsWith("total timeout: the request for " + PRIMARY_REF + " took longer than 1 s");
        assertThat(chatRequests()).as("at 400 ms each, five attempts cannot fit in 1 s").hasSizeLessThan(5);
    }
}
