package dev.creor.settings;

import dev.creor.runtime.KeyListing;
import dev.creor.spi.KeyInfo;
import java.util.Objects;

/**
 * What the provider said about the key in effect.
 *
 * @param providerId the provider's id
 * @param maskedKey  the key asked about, masked
 * @param sourceKind where that key comes from
 * @param source     that source in words
 * @param info       its label, limit, remaining credit and usage
 */
public record KeyCheck(String providerId, String maskedKey, KeyListing.SourceKind sourceKind, String source,
                       KeyInfo info) {
    /** Checks for nulls. */
    public KeyCheck {
        Objects.requireNonNull(providerId, "providerId is null");
        Objects.requireNonNull(maskedKey, "maskedKey is null");
        Objects.requireNonNull(sourceKind, "sourceKind is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(info, "info is null");
    }
}
