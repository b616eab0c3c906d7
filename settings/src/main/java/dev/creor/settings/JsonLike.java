package dev.creor.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jackson trees turned into plain JSON-like values, the form the rest of Creor passes around. */
final class JsonLike {
    private JsonLike() {
    }

    /**
     * {@link String}, {@link Boolean}, {@link Long} for whole numbers, {@link java.math.BigDecimal},
     * {@link List}, {@link Map}; {@code null}s are left out.
     */
    static Object of(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> {
                if (!entry.getValue().isNull()) {
                    map.put(entry.getKey(), of(entry.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> {
                if (!element.isNull()) {
                    list.add(of(element));
                }
            });
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.asText();
    }
}
