package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;

/** The one Jackson configuration of the adapter: OpenRouter's snake_case, unknown fields ignored. */
final class Json {
    /**
     * Reads and writes wire objects. Unknown fields are ignored because OpenRouter adds fields
     * over time; floating-point numbers become {@link BigDecimal} so that costs and prices keep
     * the exact decimal digits the server wrote.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Json() {
    }

    static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    static <T> T read(byte[] json, int offset, int length, Class<T> type) throws IOException {
        return MAPPER.readValue(json, offset, length, type);
    }

    static <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(json, type);
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // The adapter writes only maps, lists, strings, numbers and booleans it built itself.
            throw new IllegalStateException("could not write a request body: " + e.getOriginalMessage(), e);
        }
    }

    /** What is wrong with unreadable JSON, without Jackson's source excerpt (which may hold a key). */
    static String problem(IOException e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** The text of a string node, or {@code null} when the node is absent, null or not a string. */
    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /**
     * A number node (or a string holding a number) as the exact decimal the server wrote, or
     * {@code null} when absent, null or not a number.
     */
    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }
}
