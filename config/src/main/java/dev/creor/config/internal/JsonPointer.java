package dev.creor.config.internal;

import java.util.ArrayList;
import java.util.List;

/** JSON pointers (RFC 6901), such as {@code /agent/build/model}. */
public final class JsonPointer {
    private JsonPointer() {
    }

    /** The pointer of the member {@code key} of the object at {@code pointer}. */
    public static String append(String pointer, String key) {
        return pointer + "/" + escape(key);
    }

    /** Escapes one reference token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    public static String escape(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** Undoes {@link #escape}. */
    public static String unescape(String token) {
        if (token.indexOf('~') < 0) {
            return token;
        }
        return token.replace("~1", "/").replace("~0", "~");
    }

    /**
     * The reference tokens of a pointer, unescaped; "" is the whole document.
     *
     * @throws IllegalArgumentException when the pointer is neither "" nor starts with "/"
     */
    public static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("a JSON pointer starts with '/': \"" + pointer + "\"");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(unescape(raw));
        }
        return tokens;
    }

    /** The pointer made of these (unescaped) tokens. */
    public static String of(List<String> tokens) {
        StringBuilder pointer = new StringBuilder();
        for (String token : tokens) {
            pointer.append('/').append(escape(token));
        }
        return pointer.toString();
    }

    /** The value at {@code tokens} under {@code root}, or null. */
    public static Node resolve(Node root, List<String> tokens) {
        Node node = root;
        for (String token : tokens) {
            node = child(node, token);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** The member {@code token} of an object or item {@code token} of an array, or null. */
    public static Node child(Node node, String token) {
        if (node instanceof ObjectNode object) {
            return object.get(token);
        }
        if (node instanceof ArrayNode array) {
            int index = arrayIndex(token);
            return index >= 0 && index < array.items().size() ? array.items().get(index) : null;
        }
        return null;
    }

    private static int arrayIndex(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }
}
