package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.chat.ChatEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Joins the {@code reasoning_details} fragments of a stream into whole entries, the way
 * OpenRouter's own clients do, and emits each entry once it is whole.
 *
 * <p>A streamed {@code reasoning.text} (or {@code reasoning.summary}) entry arrives in pieces
 * sharing one {@code index}: the text grows piece by piece and the {@code signature} usually
 * comes with the last piece. Pieces are joined by appending their text (summary) and taking every
 * other field the first time it is non-empty; an entry of another type ({@code reasoning.encrypted})
 * arrives whole. An entry is emitted as a {@link ChatEvent.ReasoningDetail} when an entry with a
 * higher {@code index} starts, or when the stream completes; the emitted JSON is what goes back
 * to OpenRouter on the next turn.
 */
final class ReasoningDetailsAssembler {
    private final List<ObjectNode> pending = new ArrayList<>();
    private int emitted;

    /** Takes the {@code reasoning_details} of one delta. */
    void add(List<JsonNode> fragments, Consumer<ChatEvent> sink) {
        for (JsonNode fragment : fragments) {
            if (fragment == null || !fragment.isObject()) {
                continue;
            }
            int index = fragment.path("index").asInt(-1);
            flushBelow(index, sink);
            ObjectNode open = pending.isEmpty() ? null : pending.get(pending.size() - 1);
            if (open != null && joins(open, fragment)) {
                join(open, fragment);
            } else {
                pending.add(((ObjectNode) fragment).deepCopy());
            }
        }
    }

    /** Emits every entry not yet emitted: the stream has ended. */
    void flush(Consumer<ChatEvent> sink) {
        for (ObjectNode entry : pending) {
            sink.accept(new ChatEvent.ReasoningDetail(emitted++, ResponseMapping.rawJson(entry)));
        }
        pending.clear();
    }

    private void flushBelow(int index, Consumer<ChatEvent> sink) {
        if (index < 0) {
            return;
        }
        Iterator<ObjectNode> entries = pending.iterator();
        while (entries.hasNext()) {
            ObjectNode entry = entries.next();
            int entryIndex = entry.path("index").asInt(-1);
            if (entryIndex < 0 || entryIndex >= index) {
                break;
            }
            sink.accept(new ChatEvent.ReasoningDetail(emitted++, ResponseMapping.rawJson(entry)));
            entries.remove();
        }
    }

    /** Whether a fragment continues the open entry: same type (a growing one) and same index. */
    private static boolean joins(ObjectNode open, JsonNode fragment) {
        String type = Json.text(fragment.get("type"));
        return type != null && type.equals(Json.text(open.get("type")))
                && (type.equals("reasoning.text") || type.equals("reasoning.summary"))
                && open.path("index").asInt(-1) == fragment.path("index").asInt(-1);
    }

    private static void join(ObjectNode open, JsonNode fragment) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = fragment.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if ((name.equals("text") || name.equals("summary")) && value.isTextual()) {
                String before = Json.text(open.get(name));
                open.put(name, (before == null ? "" : before) + value.textValue());
            } else if (!isEmpty(value) && isEmpty(open.get(name))) {
                open.set(name, value);
            }
        }
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isTextual() && value.textValue().isEmpty();
    }
}
