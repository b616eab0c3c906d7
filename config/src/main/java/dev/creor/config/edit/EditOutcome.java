package dev.creor.config.edit;

import java.nio.file.Path;
import java.util.Objects;

/** What came of applying {@link ConfigEdit}s to a config file. */
public sealed interface EditOutcome permits EditOutcome.Written, EditOutcome.Unchanged, EditOutcome.Refused {

    /** The file edited, or that would have been. */
    Path file();

    /**
     * The file was replaced (or created) with the edits applied; everything else in it, comments
     * and formatting included, is as it was.
     *
     * @param file    the file
     * @param created whether the file did not exist before
     */
    record Written(Path file, boolean created) implements EditOutcome {
        /** Checks the file is given. */
        public Written {
            Objects.requireNonNull(file, "file is null");
        }
    }

    /**
     * The file already held every value; it was not touched.
     *
     * @param file the file
     */
    record Unchanged(Path file) implements EditOutcome {
        /** Checks the file is given. */
        public Unchanged {
            Objects.requireNonNull(file, "file is null");
        }
    }

    /**
     * Creor could not apply the edits while keeping everything else in the file, so it wrote
     * nothing. The user can paste {@link #snippet()} into the file themselves.
     *
     * @param file    the file
     * @param reason  why nothing was written, for people: what is in the way and what to do
     * @param snippet JSON text holding the new values nested under their keys, to paste
     */
    record Refused(Path file, String reason, String snippet) implements EditOutcome {
        /** Checks every part is given. */
        public Refused {
            Objects.requireNonNull(file, "file is null");
            Objects.requireNonNull(reason, "reason is null");
            Objects.requireNonNull(snippet, "snippet is null");
        }
    }
}
