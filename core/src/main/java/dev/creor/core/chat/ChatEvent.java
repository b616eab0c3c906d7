package dev.creor.core.chat;

import dev.creor.core.CreorException;
import dev.creor.core.RouteReport;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a streamed answer.
 *
 * <p>A stream delivers any number of {@link TextDelta}, {@link ReasoningDelta},
 * {@link ReasoningDetail}, {@link ToolCallDelta} and {@link CitationAdded} events, then exactly
 * one {@link Completed} or {@link Failed}, then
 * {@code onComplete}. A stream never ends with {@code onError} for a failure the provider
 * reported; {@code onError} is kept for broken contracts (such as a subscriber asking for a
 * non-positive number of events).
 */
public sealed interface ChatEvent {

    /** A piece of the answer's text, to append to what came before. */
    record TextDelta(String text) implements ChatEvent {
        /** Checks that the text is not null. */
        public TextDelta {
            Objects.requireNonNull(text, "text is null");
        }
    }

    /** A piece of the model's reasoning, to append to what came before. */
    record ReasoningDelta(String text) implements ChatEvent {
        /** Checks that the text is not null. */
        public ReasoningDelta {
            Objects.requireNonNull(text, "text is null");
        }
    }

    /**
     * One of the provider's reasoning entries, whole: raw JSON that core does not read (see
     * {@link Message.Reasoning#details()}). It arrives once the provider has finished the entry
     * (a signature may come last), and belongs in the next turn's assistant message unchanged.
     *
     * @param index the entry's position among the answer's reasoning details, from 0
     * @param json  the entry as a JSON object's text
     */
    record ReasoningDetail(int index, String json) implements ChatEvent {
        /** Checks that the index is not negative and the JSON is a JSON object's text. */
        public ReasoningDetail {
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative: " + index);
            }
            String trimmed = Objects.requireNonNull(json, "json is null").strip();
            if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
                throw new IllegalArgumentException("a reasoning detail must be a JSON object's text");
            }
        }

        /** The index and size only: details hold signatures. */
        @Override
        public String toString() {
            return "ReasoningDetail[" + index + ", " + json.length() + " chars]";
        }
    }

    /** The answer cites a source, e.g. a web page an {@code :online} model found. */
    record CitationAdded(ChatResponse.Citation citation) implements ChatEvent {
        /** Checks that the citation is not null. */
        public CitationAdded {
            Objects.requireNonNull(citation, "citation is null");
        }
    }

    /**
     * A piece of a tool call. Pieces with the same {@link #index()} belong to one call: the
     * first usually carries the id and name, later ones append to the arguments.
     */
    final class ToolCallDelta implements ChatEvent {
        private final int index;
        private final String id;
        private final String name;
        private final String argumentsFragment;

        /**
         * Creates a piece of tool call {@code index}.
         *
         * @param id                the call's id, or {@code null} when this piece does not carry it
         * @param name              the tool's name, or {@code null} when this piece does not carry it
         * @param argumentsFragment text to append to the call's arguments (may be empty)
         */
        public ToolCallDelta(int index, String id, String name, String argumentsFragment) {
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative: " + index);
            }
            this.index = index;
            this.id = id;
            this.name = name;
            this.argumentsFragment = Objects.requireNonNull(argumentsFragment, "argumentsFragment is null");
        }

        /** Which call of the answer this piece belongs to, from 0. */
        public int index() {
            return index;
        }

        /** The call's id, when this piece carries it. */
        public Optional<String> id() {
            return Optional.ofNullable(id);
        }

        /** The tool's name, when this piece carries it. */
        public Optional<String> name() {
            return Optional.ofNullable(name);
        }

        /** Text to append to the call's arguments. */
        public String argumentsFragment() {
            return argumentsFragment;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ToolCallDelta that && index == that.index && Objects.equals(id, that.id)
                    && Objects.equals(name, that.name) && argumentsFragment.equals(that.argumentsFragment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(index, id, name, argumentsFragment);
        }

        @Override
        public String toString() {
            return "ToolCallDelta[" + index + ", " + id + ", " + name + ", " + argumentsFragment.length() + " chars]";
        }
    }

    /** The answer ended normally; the metadata says why and what it cost. */
    record Completed(ResponseMetadata metadata) implements ChatEvent {
        /** Checks that the metadata is not null. */
        public Completed {
            Objects.requireNonNull(metadata, "metadata is null");
        }
    }

    /**
     * The answer failed. Events delivered before stay valid: {@code partialText} is the text
     * delivered so far, and nothing will be delivered again.
     */
    record Failed(CreorException error, String partialText, RouteReport route) implements ChatEvent {
        /** Checks for nulls. */
        public Failed {
            Objects.requireNonNull(error, "error is null");
            Objects.requireNonNull(partialText, "partialText is null");
            Objects.requireNonNull(route, "route is null");
        }

        /** A failure before anything was delivered, outside any router. */
        public static Failed of(CreorException error) {
            return new Failed(error, "", RouteReport.NONE);
        }
    }
}
