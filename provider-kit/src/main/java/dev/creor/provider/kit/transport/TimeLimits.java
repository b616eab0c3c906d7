package dev.creor.provider.kit.transport;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The three time limits of one request, and the {@code TIMEOUT} error each produces when it
 * expires. Each error names the limit, its configured value and the config key that sets it.
 *
 * @param service    the service's name, e.g. {@code Ollama}
 * @param providerId the provider id, for the config keys the hints name
 * @param connect how long obtaining a connection may take
 * @param chunk   how long the server may stay silent while the client waits for bytes: before
 *                the response head, before the first chunk and between chunks (SSE comments
 *                count as bytes, so keep-alive comments keep a slow stream alive)
 * @param total   how long the whole request may take; {@code null} for no limit
 */
public record TimeLimits(String service, String providerId, Duration connect, Duration chunk, Duration total) {
    public TimeLimits {
        Objects.requireNonNull(connect, "connect is null");
        Objects.requireNonNull(chunk, "chunk is null");
    }

    public Optional<Duration> totalLimit() {
        return Optional.ofNullable(total);
    }

    public CreorException connectExpired(String target) {
        return CreorException.builder(ErrorCode.TIMEOUT, "connect timeout: could not connect to " + service + " at "
                        + target + " within " + Durations.describe(connect))
                .hint("check your network connection or proxy, or raise provider." + providerId + ".connectTimeout")
                .build();
    }

    public CreorException chunkExpired(String what) {
        return CreorException.builder(ErrorCode.TIMEOUT, "chunk timeout: " + service + " sent nothing for "
                        + Durations.describe(chunk) + " while answering for " + what)
                .hint("raise provider." + providerId + ".chunkTimeout if this model thinks long before it answers")
                .build();
    }

    public CreorException totalExpired(String what) {
        return CreorException.builder(ErrorCode.TIMEOUT, "total timeout: the request for " + what
                        + " took longer than " + Durations.describe(total))
                .hint("raise provider." + providerId + ".timeout, or set it to false to remove the limit")
                .build();
    }
}
