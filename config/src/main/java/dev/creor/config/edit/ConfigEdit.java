package dev.creor.config.edit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One change to a config file: set the value at a path of object keys, or remove it.
 *
 * <p>A path is the chain of keys from the top-level object, such as
 * {@code ["provider", "openrouter", "whitelist"]}; {@link #path(String)} reads the dotted form
 * {@code provider.openrouter.whitelist}. Values are JSON-like: {@link String}, {@link Boolean},
 * a whole or decimal {@link Number}, a {@link List} or a {@link Map} with string keys, nested.
 */
public sealed interface ConfigEdit permits ConfigEdit.Set, ConfigEdit.Remove {

    /** The keys from the top-level object down to the member changed; never empty. */
    List<String> path();

    /** Sets {@code path} to {@code value}, creating the objects on the way when they are missing. */
    static ConfigEdit set(List<String> path, Object value) {
        return new Set(path, value);
    }

    /** Removes the member at {@code path}; nothing happens when it is absent. */
    static ConfigEdit remove(List<String> path) {
        return new Remove(path);
    }

    /**
     * Splits a dotted path such as {@code agent.plan.model}. Keys containing a dot cannot be
     * written this way; pass the list instead.
     */
    static List<String> path(String dotted) {
        Objects.requireNonNull(dotted, "dotted is null");
        return List.of(dotted.split(Pattern.quote("."), -1));
    }

    /** The path in the dotted form people read, such as {@code provider.openrouter.whitelist}. */
    default String dottedPath() {
        return String.join(".", path());
    }

    /**
     * Sets the value at a path.
     *
     * @param path  the keys from the top-level object down
     * @param value the JSON-like value
     */
    record Set(List<String> path, Object value) implements ConfigEdit {
        /** Checks the path and that the value is JSON-like all the way down. */
        public Set {
            path = checkPath(path);
            checkValue(value, String.join(".", path));
        }
    }

    /**
     * Removes the member at a path.
     *
     * @param path the keys from the top-level object down
     */
    record Remove(List<String> path) implements ConfigEdit {
        /** Checks the path. */
        public Remove {
            path = checkPath(path);
        }
    }

    private static List<String> checkPath(List<String> path) {
        List<String> copy = List.copyOf(path);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a config path needs at least one key");
        }
        for (String key : copy) {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a config path has an empty key: " + copy);
            }
        }
        return copy;
    }

    private static void checkValue(Object value, String where) {
        Objects.requireNonNull(value, () -> "the value at " + where + " is null");
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger
                || value instanceof BigDecimal) {
            return;
        }
        if (value instanceof Double number && Double.isFinite(number)
                || value instanceof Float single && Float.isFinite(single)) {
            return;
        }
        if (value instanceof List<?> list) {
            list.forEach(element -> checkValue(element, where + "[]"));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> {
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException("a key at " + where + " is not a string: " + key);
                }
                checkValue(element, where + "." + name);
            });
            return;
        }
        throw new IllegalArgumentException("the value at " + where + " is not JSON-like: " + value.getClass().getName());
    }
}
