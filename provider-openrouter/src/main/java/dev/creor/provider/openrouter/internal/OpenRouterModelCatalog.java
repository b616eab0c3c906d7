package dev.creor.provider.openrouter.internal;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.internal.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * OpenRouter's model list, from {@code GET /models}, cached in memory and on disk.
 *
 * <p>{@link #models()} answers from memory while the list is younger than the TTL, else from the
 * disk cache while that is, else from the network (and writes the disk cache). When the network
 * fails it still answers, with a logged warning instead of an exception: from the disk cache
 * even if expired, else from the snapshot bundled in this jar, and it tries the network again a
 * minute later at most. {@link #refresh()} always asks the network and fails when it cannot be
 * reached, since the caller explicitly asked for a fresh list. Both list only the models the
 * provider's whitelist and blacklist allow. Disk access runs on the host's blocking executor.
 */
final class OpenRouterModelCatalog implements ModelCatalog {
    static final String SNAPSHOT_RESOURCE = "models-snapshot.json";
    /** How soon to try the network again after it failed and a fallback list was served. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private enum Origin { NETWORK, DISK, STALE_DISK, BUNDLED }

    private record Loaded(List<ModelInfo> models, Instant expiresAt, Origin origin) {
    }

    /** The allowed models of one load. */
    private record Allowed(Loaded from, List<ModelInfo> models) {
    }

    private final OpenRouterTransport transport;
    private final CatalogCache cache;
    private final Executor blockingExecutor;
    private final System.Logger logger;
    private final Clock clock;
    private final Duration ttl;
    private final ModelFilter filter;
    private final String providerId;
    private final Object lock = new Object();
    private Loaded memory;
    private CompletableFuture<Loaded> inFlight;
    private volatile Allowed lastAllowed;

    OpenRouterModelCatalog(OpenRouterTransport transport, CatalogCache cache, Executor blockingExecutor,
                           System.Logger logger) {
        this.transport = transport;
        this.cache = cache;
        this.blockingExecutor = blockingExecutor;
        this.logger = logger;
        this.clock = transport.clock();
        this.ttl = transport.settings().catalogTtl();
        this.filter = transport.settings().modelFilter();
        this.providerId = transport.settings().providerId();
    }

    @Override
    public CompletionStage<List<ModelInfo>> models() {
        return load(false).thenApply(this::allowed);
    }

    @Override
    public CompletionStage<List<ModelInfo>> refresh() {
        return load(true).thenApply(this::allowed);
    }

    /**
     * The allowed models of the list in memory, else of the disk cache however old, else of the
     * snapshot bundled in this jar: never the network.
     */
    @Override
    public CompletionStage<Optional<List<ModelInfo>>> modelsAtHand() {
        Loaded loaded;
        synchronized (lock) {
            loaded = memory;
        }
        if (loaded != null) {
            return CompletableFuture.completedFuture(Optional.of(allowed(loaded)));
        }
        return CompletableFuture.supplyAsync(() -> {
            Optional<CatalogCache.Entry> cached = readCache();
            if (cached.isPresent()) {
                try {
                    return Optional.of(allowedOf(ModelCatalogParser.parse(cached.get().body(), providerId)));
                } catch (IOException unreadable) {
                    // fall through to the bundled list
                }
            }
            return Optional.of(allowedOf(bundled()));
        }, blockingExecutor);
    }

    private List<ModelInfo> allowedOf(List<ModelInfo> models) {
        return models.stream().filter(model -> filter.allows(model.ref().model())).toList();
    }

    /**
     * The error with did-you-mean suggestions added when it says a model does not exist. Uses
     * only lists at hand (memory, disk, the bundled snapshot), never the network; never fails.
     */
    CompletionStage<CreorException> withSuggestions(CreorException error, String modelId) {
        if (error.code() != ErrorCode.MODEL_NOT_FOUND) {
            return CompletableFuture.completedFuture(error);
        }
        return knownModelIds().handle((ids, failure) -> {
            if (ids == null) {
                return error;
            }
            String suggestions = Suggestions.didYouMean(modelId, ids);
            return suggestions.isEmpty() ? error
                    : CreorException.builder(error.code(), error.getMessage() + suggestions)
                            .retryable(error.retryable())
                            .hint(error.hint().orElse("check the model id with `creor models --provider " + providerId + "`"))
                            .httpStatus(error.httpStatus().orElse(404))
                            .cause(error)
                            .build();
        });
    }

    /** The model's description from the list in memory, without loading anything; empty before a load. */
    Optional<ModelInfo> loadedModel(String modelId) {
        Loaded loaded;
        synchronized (lock) {
            loaded = memory;
        }
        if (loaded == null) {
            return Optional.empty();
        }
        return loaded.models().stream().filter(model -> model.ref().model().equals(modelId)).findFirst();
    }

    private CompletionStage<List<String>> knownModelIds() {
        Loaded loaded;
        synchronized (lock) {
            loaded = memory;
        }
        if (loaded != null) {
            return CompletableFuture.completedFuture(ids(loaded.models()));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                Optional<CatalogCache.Entry> cached = cache.read();
                if (cached.isPresent()) {
                    return ids(ModelCatalogParser.parse(cached.get().body(), providerId));
                }
            } catch (IOException unreadable) {
                // fall through to the bundled list
            }
            return ids(bundled());
        }, blockingExecutor);
    }

    private CompletableFuture<Loaded> load(boolean fromNetwork) {
        if (fromNetwork) {
            return remember(fetch(), new CompletableFuture<>());
        }
        CompletableFuture<Loaded> loading;
        synchronized (lock) {
            if (memory != null && clock.instant().isBefore(memory.expiresAt())) {
                return CompletableFuture.completedFuture(memory);
            }
            if (inFlight != null) {
                return inFlight; // concurrent callers share one load
            }
            loading = new CompletableFuture<>();
            inFlight = loading;
        }
        return remember(fromDiskOrNetwork(), loading);
    }

    private CompletableFuture<Loaded> remember(CompletableFuture<Loaded> work, CompletableFuture<Loaded> result) {
        work.whenComplete((loaded, error) -> {
            synchronized (lock) {
                if (loaded != null) {
                    memory = loaded;
                }
                if (inFlight == result) {
                    inFlight = null;
                }
            }
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else {
                result.complete(loaded);
            }
        });
        return result;
    }

    private CompletableFuture<Loaded> fromDiskOrNetwork() {
        return CompletableFuture.supplyAsync(this::readCache, blockingExecutor)
                .thenCompose(cached -> {
                    if (cached.isPresent() && isFresh(cached.get().fetchedAt())) {
                        try {
                            return CompletableFuture.completedFuture(new Loaded(
                                    ModelCatalogParser.parse(cached.get().body(), providerId),
                                    cached.get().fetchedAt().plus(ttl), Origin.DISK));
                        } catch (IOException unreadable) {
                            warn("the cached model list " + cache.file() + " is unreadable (" + unreadable.getMessage()
                                    + "); fetching it again");
                        }
                    }
                    return fetch().exceptionallyCompose(failure -> CompletableFuture.supplyAsync(
                            () -> fallback(unwrap(failure), cached), blockingExecutor));
                });
    }

    private CompletableFuture<Loaded> fetch() {
        Secret key = transport.settings().credential().orElse(null);
        OpenRouterErrors errors = transport.errors(key);
        return transport.getJson("/models", key, errors, "the model list").toCompletableFuture()
                .thenApplyAsync(body -> {
                    List<ModelInfo> models;
                    try {
                        models = ModelCatalogParser.parse(body, providerId);
                    } catch (IOException unreadable) {
                        throw errors.malformed("the model list", unreadable.getMessage());
                    }
                    Instant now = clock.instant();
                    try {
                        cache.write(new CatalogCache.Entry(now, body));
                    } catch (IOException | RuntimeException notWritten) {
                        warn("could not write the model-list cache " + cache.file() + ": " + notWritten.getMessage());
                    }
                    return new Loaded(models, now.plus(ttl), Origin.NETWORK);
                }, blockingExecutor);
    }

    private Loaded fallback(Throwable failure, Optional<CatalogCache.Entry> cached) {
        String reason = failure instanceof CreorException creor ? creor.getMessage() : String.valueOf(failure);
        Instant retry = clock.instant().plus(ttl.compareTo(RETRY_AFTER_FAILURE) < 0 ? ttl : RETRY_AFTER_FAILURE);
        if (cached.isPresent()) {
            try {
                List<ModelInfo> models = ModelCatalogParser.parse(cached.get().body(), providerId);
                warn("could not fetch the OpenRouter model list (" + reason + "); using the list cached at "
                        + cached.get().fetchedAt());
                return new Loaded(models, retry, Origin.STALE_DISK);
            } catch (IOException unreadable) {
                // fall through to the bundled list
            }
        }
        warn("could not fetch the OpenRouter model list (" + reason + "); using the list bundled with Creor,"
                + " which may be out of date");
        return new Loaded(bundled(), retry, Origin.BUNDLED);
    }

    private Optional<CatalogCache.Entry> readCache() {
        try {
            return cache.read();
        } catch (IOException unreadable) {
            warn("ignoring the unreadable model-list cache " + cache.file() + ": " + unreadable.getMessage());
            return Optional.empty();
        }
    }

    private List<ModelInfo> bundled() {
        try (InputStream in = OpenRouterModelCatalog.class.getResourceAsStream(SNAPSHOT_RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + SNAPSHOT_RESOURCE + " is missing");
            }
            return ModelCatalogParser.parse(in.readAllBytes(), providerId);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled OpenRouter model list cannot be read", e);
        }
    }

    private boolean isFresh(Instant fetchedAt) {
        return clock.instant().isBefore(fetchedAt.plus(ttl));
    }

    /**
     * The loaded list without what the whitelist and blacklist exclude: the same list for as long
     * as the same load lasts. Every request an agent sends checks its models against this list, so
     * filtering (and building a new list) on each call would cost every request a pass over the
     * whole catalog.
     */
    private List<ModelInfo> allowed(Loaded loaded) {
        Allowed last = lastAllowed;
        if (last != null && last.from() == loaded) {
            return last.models();
        }
        List<ModelInfo> models = loaded.models().stream().filter(model -> filter.allows(model.ref().model())).toList();
        lastAllowed = new Allowed(loaded, models);
        return models;
    }

    private static List<String> ids(List<ModelInfo> models) {
        return models.stream().map(model -> model.ref().model()).toList();
    }

    private void warn(String message) {
        logger.log(System.Logger.Level.WARNING, message);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
