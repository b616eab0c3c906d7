package dev.creor.core.internal;

import dev.creor.core.Secret;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

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
     * A deep, unmodifiable copy of a JSON-like object that keeps the keys' order. A value this
     * class copied before is returned as it is: it is deeply unmodifiable already, so a request
     * rebuilt from another (or options merged again) shares its values instead of copying them.
     *
     * @throws IllegalArgumentException naming the path of the first value that is not JSON-like
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyOf(Map<String, ?> object) {
        Objects.requireNonNull(object, "object is null");
        return (Map<String, Object>) copyValue(object);
    }

    /** A deep, unmodifiable copy of any JSON-like value; see {@link #copyOf(Map)}. */
    public static Object copyValue(Object value) {
        try {
            return copy(value);
        } catch (NotJsonLike problem) {
            throw new IllegalArgumentException(problem.path() + problem.getMessage());
        }
    }

    /** Copies without building a path: the path of a bad value is put together only as the failure unwinds. */
    private static Object copy(Object value) {
        if (value == null) {
            throw new NotJsonLike(" is null; leave the key out instead");
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Secret
                || value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof BigDecimal || value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new NotJsonLike(" is " + number + ", which JSON cannot hold");
            }
            return number;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return FrozenMap.EMPTY;
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new NotJsonLike(" has a key that is not a string: " + entry.getKey());
                }
                try {
                    copy.put(key, copy(entry.getValue()));
                } catch (NotJsonLike problem) {
                    throw problem.within("." + key);
                }
            }
            return new FrozenMap(copy);
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return FrozenList.EMPTY;
            }
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                try {
                    copy.add(copy(list.get(i)));
                } catch (NotJsonLike problem) {
                    throw problem.within("[" + i + "]");
                }
            }
            return new FrozenList(copy);
        }
        throw new NotJsonLike(" is a " + value.getClass().getName() + ", which is not JSON-like");
    }

    /** A value that is not JSON-like, with the path to it gathered on the way out; never leaves this class. */
    private static final class NotJsonLike extends RuntimeException {
        private final StringBuilder path = new StringBuilder();

        NotJsonLike(String problem) {
            super(problem, null, false, false);
        }

        NotJsonLike within(String step) {
            path.insert(0, step);
            return this;
        }

        String path() {
            return "$" + path;
        }
    }

    /**
     * A copied object: unmodifiable, in the original's key order, and known to hold only copied
     * values, which lets {@link #copy} return it as it is.
     */
    private static final class FrozenMap extends AbstractMap<String, Object> {
        static final FrozenMap EMPTY = new FrozenMap(new LinkedHashMap<>());

        private final Map<String, Object> entries;

        FrozenMap(Map<String, Object> copied) {
            this.entries = Collections.unmodifiableMap(copied);
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public boolean isEmpty() {
            return entries.isEmpty();
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public boolean containsValue(Object value) {
            return entries.containsValue(value);
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public Object getOrDefault(Object key, Object defaultValue) {
            return entries.getOrDefault(key, defaultValue);
        }

        @Override
        public Set<String> keySet() {
            return entries.keySet();
        }

        @Override
        public Collection<Object> values() {
            return entries.values();
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            entries.forEach(action);
        }

        // Map's defaults for these succeed without writing when there is nothing to change;
        // an unmodifiable map refuses them all, as the unmodifiableMap this replaced did.
        @Override
        public Object putIfAbsent(String key, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(Object key, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean replace(String key, Object oldValue, Object newValue) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object replace(String key, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object computeIfAbsent(String key, Function<? super String, ?> mapping) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remapping) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object compute(String key, BiFunction<? super String, ? super Object, ?> remapping) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> remapping) {
            throw new UnsupportedOperationException();
        }
    }

    /** A copied array: unmodifiable, known to hold only copied values. */
    private static final class FrozenList extends AbstractList<Object> implements RandomAccess {
        static final FrozenList EMPTY = new FrozenList(new ArrayList<>());

        private final List<Object> items;

        FrozenList(List<Object> copied) {
            this.items = copied;
        }

        @Override
        public Object get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }

        // As for FrozenMap: refused even when they would change nothing, as unmodifiableList does.
        @Override
        public boolean removeIf(Predicate<? super Object> filter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replaceAll(UnaryOperator<Object> operator) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sort(Comparator<? super Object> order) {
            throw new UnsupportedOperationException();
        }
    }
}
