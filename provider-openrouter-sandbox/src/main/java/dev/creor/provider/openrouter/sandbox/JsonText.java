package dev.creor.provider.openrouter.sandbox;

import java.math.BigDecimal;

/**
 * Writes JSON text directly: the sandbox renders every answer into a {@link StringBuilder}
 * instead of building a tree, because it may render tens of thousands of chunks a second.
 */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a quoted JSON string. */
    static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** {@code value} as a quoted JSON string. */
    static String quote(String value) {
        return quote(new StringBuilder(value.length() + 2), value).toString();
    }

    /** Appends a string, or {@code null} when there is none. */
    static StringBuilder quoteOrNull(StringBuilder out, String value) {
        return value == null ? out.append("null") : quote(out, value);
    }

    /** Appends a decimal as a plain JSON number without trailing zeros ({@code 0.000105}, never {@code 1.05E-4}). */
    static StringBuilder number(StringBuilder out, BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return out.append(stripped.signum() == 0 ? "0" : stripped.toPlainString());
    }

    /** Appends a code that is either a JSON number or a JSON string. */
    static StringBuilder code(StringBuilder out, Object code) {
        return code instanceof Integer number ? out.append(number.intValue()) : quote(out, code.toString());
    }
}
