package dev.creor.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CreorTrust#grant} did: the folder trusted with the files recorded, or nothing when
 * no config file of the user's lies between the folder and the working directory; and the files
 * found on the way that were not trusted, with why.
 *
 * @param folder       the folder asked for
 * @param searchedFrom where the walk for config files started: the working directory when it
 *                     lies inside the folder, else the folder itself
 * @param trusted      the folder as now recorded; empty when there was nothing to trust
 * @param refused      files not trusted because they are not the user's own or others may write
 *                     them, each a sentence with what to do ({@code not trusted: ...})
 * @param outside      files found on the way that lie outside the folder
 */
public record TrustGrant(Path folder, Path searchedFrom, Optional<TrustedProject> trusted, List<String> refused,
                         List<Path> outside) {
    /** Checks for nulls and copies the lists. */
    public TrustGrant {
        Objects.requireNonNull(folder, "folder is null");
        Objects.requireNonNull(searchedFrom, "searchedFrom is null");
        Objects.requireNonNull(trusted, "trusted is null");
        refused = List.copyOf(refused);
        outside = List.copyOf(outside);
    }
}
