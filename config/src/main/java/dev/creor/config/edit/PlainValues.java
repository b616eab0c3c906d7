package dev.creor.config.edit;

import dev.creor.config.internal.ArrayNode;
import dev.creor.config.internal.BooleanNode;
import dev.creor.config.internal.Node;
import dev.creor.config.internal.NullNode;
import dev.creor.config.internal.NumberNode;
import dev.creor.config.internal.ObjectNode;
import dev.creor.config.internal.StringNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config tree as plain JSON-like values, without the positions: what two readings of a file
 * are compared by, and what {@link ConfigFileEditor#read} returns. Whole numbers become
 * {@link Long} (or {@link BigDecimal} beyond its range), other numbers {@link BigDecimal}.
 */
final class PlainValues {
    private PlainValues() {
    }

    /** The value with JSON nulls kept as {@code null}, so that documents differing only there still differ. */
    static Object withNulls(Node node) {
        return convert(node, true);
    }

    /** The value with members and elements that are JSON null left out. */
    static Object withoutNulls(Node node) {
        return convert(node, false);
    }

    private static Object convert(Node node, boolean keepNulls) {
        if (node instanceof ObjectNode object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.members().forEach((key, member) -> {
                if (keepNulls || !(member.value() instanceof NullNode)) {
                    map.put(key, convert(member.value(), keepNulls));
                }
            });
            return map;
        }
        if (node instanceof ArrayNode array) {
            List<Object> list = new ArrayList<>();
            for (Node item : array.items()) {
                if (keepNulls || !(item instanceof NullNode)) {
                    list.add(convert(item, keepNulls));
                }
            }
            return list;
        }
        if (node instanceof StringNode string) {
            return string.value();
        }
        if (node instanceof BooleanNode bool) {
            return bool.value();
        }
        if (node instanceof NumberNode number) {
            return number(number.value());
        }
        return null;
    }

    private static Object number(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? (Object) big.longValue() : new BigDecimal(big);
        }
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        return BigDecimal.valueOf(number.doubleValue());
    }
}
