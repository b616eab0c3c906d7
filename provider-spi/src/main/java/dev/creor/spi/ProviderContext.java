package dev.creor.spi;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Scheduler;
import dev.creor.core.internal.Checks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What the host shares with a provider it creates.
 *
 * <p>A provider must use these instead of making its own: the {@link #scheduler()} and
 * {@link #clock()} for timers and time (so tests can drive time), the {@link #blockingExecutor()}
 * for any work that blocks, the
 * {@link #cacheDirectory()} for files it caches, the {@link #logger()} for diagnostics and
 * {@link #userAgent()} on its HTTP requests.
 *
 * <p>{@link #sharedResource} offers objects of libraries the host happens to use, so a
 * provider built on the same library can share them instead of starting its own: the Creor
 * runtime offers its {@code io.vertx.core.Vertx} instance this way. A plugin that brings its
 * own copy of the library sees a different class and simply gets nothing.
 *
 * <p>{@link #kit()} is the provider kit: HTTP, server-sent events and a whole OpenAI-compatible
 * provider on the host's event loop (since SPI 3).
 */
public final class ProviderContext {
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor blockingExecutor;
    private final Path cacheDirectory;
    private final System.Logger logger;
    private final String userAgent;
    private final Map<Class<?>, Object> sharedResources;
    private final ProviderKit kit;

    private ProviderContext(Builder builder) {
        this.scheduler = Objects.requireNonNull(builder.scheduler, "scheduler is not set");
        this.clock = scheduler.clock();
        this.blockingExecutor = Objects.requireNonNull(builder.blockingExecutor, "blockingExecutor is not set");
        this.cacheDirectory = Objects.requireNonNull(builder.cacheDirectory, "cacheDirectory is not set");
        this.logger = builder.logger;
        this.userAgent = builder.userAgent;
        this.sharedResources = Map.copyOf(builder.sharedResources);
        this.kit = builder.kit;
    }

    /** Starts a context with the given scheduler, executor and cache directory. */
    public static Builder builder(Scheduler scheduler, Executor blockingExecutor, Path cacheDirectory) {
        return new Builder().scheduler(scheduler).blockingExecutor(blockingExecutor).cacheDirectory(cacheDirectory);
    }

    /** The clock, the same as the scheduler's. */
    public Clock clock() {
        return clock;
    }

    /**
     * Timers: for back-off, cache expiry and time limits.
     *
     * <p>A provider built on an event-loop library may instead drive the time limits of each
     * request (connect, idle, total) with that library's own timers on the request's own event
     * loop: those are armed and cancelled per chunk, and a hop to the scheduler's thread for each
     * would cost more than the work it guards. Such timers must still honour the durations the
     * host configured in {@link ProviderSettings}, and read time through {@link #clock()}.
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Where to run work that blocks, such as file I/O; never block any other thread. */
    public Executor blockingExecutor() {
        return blockingExecutor;
    }

    /** A directory reserved for this provider's cache files; it may not exist yet. */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** The logger to report through. Never log a credential, a prompt or an answer at INFO. */
    public System.Logger logger() {
        return logger;
    }

    /** The {@code User-Agent} to send, e.g. {@code creor/0.1.0}. */
    public String userAgent() {
        return userAgent;
    }

    /** An object of the given type that the host shares, if it has one. */
    public <T> Optional<T> sharedResource(Class<T> type) {
        Objects.requireNonNull(type, "type is null");
        return Optional.ofNullable(sharedResources.get(type)).map(type::cast);
    }

    /**
     * The provider kit the host offers: an HTTP client under the configured time limits,
     * server-sent events as a demand-driven {@code Flow.Publisher}, and a complete provider for
     * OpenAI-compatible services. The Creor runtime and the testkit's contract suite always set it.
     *
     * @throws CreorException with {@code USAGE} when the host that built this context offers none
     */
    public ProviderKit kit() {
        if (kit == null) {
            throw CreorException.builder(ErrorCode.USAGE, "this ProviderContext has no provider kit")
                    .hint("build the context with ProviderContext.Builder.kit(...); the Creor runtime and the"
                            + " testkit's ProviderContractTest do")
                    .build();
        }
        return kit;
    }

    /** Builds a {@link ProviderContext}. */
    public static final class Builder {
        private Scheduler scheduler;
        private Executor blockingExecutor;
        private Path cacheDirectory;
        private System.Logger logger = System.getLogger("dev.creor.provider");
        private String userAgent = "creor";
        private final Map<Class<?>, Object> sharedResources = new LinkedHashMap<>();
        private ProviderKit kit;

        private Builder() {
        }

        /** Timers. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler is null");
            return this;
        }

        /** Where blocking work runs. */
        public Builder blockingExecutor(Executor blockingExecutor) {
            this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor is null");
            return this;
        }

        /** The provider's cache directory. */
        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory is null");
            return this;
        }

        /** The logger; {@code dev.creor.provider} unless set. */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger is null");
            return this;
        }

        /** The {@code User-Agent}; {@code creor} unless set. */
        public Builder userAgent(String userAgent) {
            this.userAgent = Checks.requireText(userAgent, "userAgent");
            return this;
        }

        /** Shares an object under its type. */
        public <T> Builder sharedResource(Class<T> type, T resource) {
            Objects.requireNonNull(type, "type is null");
            sharedResources.put(type, type.cast(Objects.requireNonNull(resource, "resource is null")));
            return this;
        }

        /** The provider kit the host offers. */
        public Builder kit(ProviderKit kit) {
            this.kit = Objects.requireNonNull(kit, "kit is null");
            return this;
        }

        /** Creates the context. */
        public ProviderContext build() {
            return new ProviderContext(this);
        }
    }
}
