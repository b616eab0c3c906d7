package dev.creor.runtime.internal.wiring;

import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** The models the enabled providers offer, each provider's list as its whitelist and blacklist allow. */
public final class ModelListing {
    private static final System.Logger LOGGER = System.getLogger(ModelListing.class.getName());

    private final Map<String, ProviderHandle> providers;
    private final Function<String, ProviderHandle> enabledProvider;

    @Inject
    ModelListing(Map<String, ProviderHandle> providers, Bootstrap.Prepared prepared) {
        this.providers = providers;
        this.enabledProvider = id -> WiredRuntime.requireEnabled(providers, prepared.providers(), id);
    }

    /**
     * The models of the given provider (all enabled ones when empty), each provider's list
     * filtered by its whitelist and blacklist. A provider whose catalog fails fails the whole
     * listing when it was asked for by name, and is left out with a warning otherwise.
     *
     * @throws dev.creor.core.CreorException at once when the named provider is not enabled
     */
    public CompletionStage<List<ModelInfo>> models(Optional<String> providerId, boolean refresh) {
        List<ProviderHandle> asked = providerId.map(id -> List.of(enabledProvider.apply(id)))
                .orElseGet(() -> List.copyOf(providers.values()));
        List<CompletableFuture<List<ModelInfo>>> lists = new ArrayList<>();
        for (ProviderHandle handle : asked) {
            ModelFilter filter = handle.settings().modelFilter();
            CompletionStage<List<ModelInfo>> list = refresh ? handle.catalog().refresh() : handle.catalog().models();
            CompletableFuture<List<ModelInfo>> filtered = list.toCompletableFuture()
                    .thenApply(models -> models.stream().filter(model -> filter.allows(model.ref().model())).toList());
            // One provider's missing list need not hide the others' lists, unless the user asked
            // for fresh lists: then a failure is the answer, not an empty table and exit code 0.
            if (providerId.isEmpty() && !refresh) {
                filtered = filtered.exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    LOGGER.log(System.Logger.Level.WARNING, "the model list of " + handle.id() + " is unavailable: "
                            + cause.getMessage());
                    return List.of();
                });
            }
            lists.add(filtered);
        }
        return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> lists.stream().flatMap(list -> list.join().stream()).toList());
    }
}
