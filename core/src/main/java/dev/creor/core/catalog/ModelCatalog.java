package dev.creor.core.catalog;

import dev.creor.core.CreorException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The models a provider offers.
 *
 * <p>Implementations may cache; {@link #refresh()} bypasses any cache. Both complete
 * exceptionally with a {@link CreorException} when the list cannot be had at all.
 */
public interface ModelCatalog {

    /** Every model the provider offers, possibly from a cache. */
    CompletionStage<List<ModelInfo>> models();

    /** Every model, fetched anew from the provider where it can be. */
    default CompletionStage<List<ModelInfo>> refresh() {
        return models();
    }

    /**
     * The models this catalog knows without asking the provider: from memory, a cache on disk
     * (however old) or a list bundled with the provider. It never sends anything, so offline
     * checks such as {@code creor config validate} can use it. Empty when no list is at hand
     * that way, which is what a catalog that does not override this answers.
     */
    default CompletionStage<Optional<List<ModelInfo>>> modelsAtHand() {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** The model with the given provider-side id, if the catalog knows it. */
    default CompletionStage<Optional<ModelInfo>> find(String modelId) {
        Objects.requireNonNull(modelId, "modelId is null");
        return models().thenApply(models -> models.stream()
                .filter(model -> model.ref().model().equals(modelId))
                .findFirst());
    }
}
