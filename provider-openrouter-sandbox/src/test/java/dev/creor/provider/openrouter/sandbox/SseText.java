package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads answers in tests: JSON bodies and SSE event streams. */
final class SseText {
    private SseText() {
    }

    static JsonNode json(String text) {
        try {
            return SandboxClient.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The SSE events (blocks separated by a blank line), each without its trailing blank line. */
    static List<String> events(String body) {
        List<String> events = new ArrayList<>(List.of(body.split("\n\n", -1)));
        if (!events.isEmpty() && events.get(events.size() - 1).isEmpty()) {
            events.remove(events.size() - 1);
        }
        return events;
    }

    /** The JSON of every {@code data:} event except {@code [DONE]}. */
    static List<JsonNode> chunks(String body) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events(body)) {
            if (event.startsWith("data: ") && !event.equals("data: [DONE]")) {
                chunks.add(json(event.substring(6)));
            }
        }
        return chunks;
    }

    /** The concatenated {@code delta.content} of a stream. */
    static String streamedContent(String body) {
        StringBuilder content = new StringBuilder();
        for (JsonNode chunk : chunks(body)) {
            JsonNode delta = chunk.path("choices").path(0).path("delta");
            if (delta.path("content").isTextual()) {
                content.append(delta.path("content").asText());
            }
        }
        return content.toString();
    }
}
