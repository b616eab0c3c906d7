package dev.creor.config;

import dev.creor.core.ModelRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads typed values out of validated JSON-like values. The schema has already checked every
 * type and range, so these conversions cannot fail on a valid configuration.
 */
final class TypedValues {
    private TypedValues() {
    }

    static ModelRef modelRef(Object value) {
        return value == null ? null : ModelRef.parse((String) value);
    }

    static List<ModelRef> modelRefs(Object value) {
        if (value == null) {
            return null;
        }
        List<ModelRef> refs = new ArrayList<>();
        for (Object item : (List<?>) value) {
            refs.add(ModelRef.parse((String) item));
        }
        return Collections.unmodifiableList(refs);
    }

    static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (Object item : (List<?>) value) {
            strings.add((String) item);
        }
        return Collections.unmodifiableList(strings);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    static Map<String, Object> objectOrNull(Object value) {
        return value == null ? null : object(value);
    }

    static Double decimal(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    static Integer integer(Object value) {
        return value == null ? null : exactLong((Number) value) > Integer.MAX_VALUE ? Integer.MAX_VALUE
                : (int) exactLong((Number) value);
    }

    static Duration millis(Object value) {
        return value == null ? null : Duration.ofMillis(exactLong((Number) value));
    }

    private static long exactLong(Number number) {
        if (number instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (number instanceof BigDecimal decimal) {
            return decimal.longValueExact();
        }
        return number.longValue();
    }
}
