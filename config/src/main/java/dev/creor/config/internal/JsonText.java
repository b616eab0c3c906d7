package dev.creor.config.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writing JSON text: quoted strings, and JSON-like Java values as one line. */
public final class JsonText {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonText() {
    }

    /** The string as a JSON string literal, quotes included. */
    public static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /**
     * One line of JSON for a JSON-like value (maps, lists, strings, numbers, booleans, and
     * null). Callers replace secrets with their masked form first.
     */
    public static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON-like value: " + e.getOriginalMessage(), e);
        }
    }
}
