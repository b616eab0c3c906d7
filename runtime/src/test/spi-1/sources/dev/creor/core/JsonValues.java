package dev.creor.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks and copies JSON-like values: the plain Java form of JSON that crosses module
 * boundaries instead of a JSON library's node types.
 *
 * <p>A JSON-like value is a {@link String}, a {@link Boolean}, a {@link Number} (an
 * {@link Integer}, {@link Long}, {@link Double}, {@link BigInteger} or {@link BigDecimal}), a
 * {@link Secret}, a {@code List} of JSON-like values or a {@code Map} from {@code String} keys
 * to JSON-like values. JSON {@code null} has no place in it: an absent value is an absent key.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * A deep, unmodifiable copy of a JSON-like object that keeps the keys' order.
     *
     * @throws IllegalArgumentException naming the path of the first value that is not JSON-like
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyOf(Map<String, ?> object) {
        Objects.requireNonNull(object, "object is null");
        return (Map<String, Object>) copyValue(object, "$");
    }

    /** A deep, unmodifiable copy of any JSON-like value; see {@link #copyOf(Map)}. */
    public static Object copyValue(Object value) {
        return copyValue(value, "$");
    }

    private static Object copyValue(Object value, String path) {
        if (value == null) {
            throw new IllegalArgumentException(path + " is null; leave the key out instead");
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Secret
                || value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new IllegalArgumentException(path + " is " + number + ", which JSON cannot hold");
            }
            return number;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(path + " has a key that is not a string: " + entry.getKey());
                }
                copy.put(key, copyValue(entry.getValue(), path + "." + key));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(copyValue(list.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException(path + " is a " + value.getClass().getName() + ", which is not JSON-like");
    }
}
