package dev.creor.config;

import dev.creor.config.internal.ArrayNode;
import dev.creor.config.internal.BooleanNode;
import dev.creor.config.internal.Node;
import dev.creor.config.internal.NumberNode;
import dev.creor.config.internal.ObjectNode;
import dev.creor.config.internal.SecretKeys;
import dev.creor.config.internal.StringNode;
import dev.creor.core.Secret;
import dev.creor.core.internal.SecretShapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a config tree into JSON-like Java values, with secrets as {@link Secret} or masked text. */
final class JsonLikeValues {
    private JsonLikeValues() {
    }

    /** The tree as unmodifiable JSON-like values; strings under secret keys become {@link Secret}s. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withSecrets(ObjectNode root) {
        return (Map<String, Object>) convert(root, new ArrayList<>(), false, Set.of());
    }

    /**
     * The tree as JSON-like values for display: values under secret keys masked, the text of any
     * other secret and anything shaped like a secret masked wherever it appears, JSON null kept
     * as null.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> masked(ObjectNode root, Set<String> secrets) {
        return (Map<String, Object>) convert(root, new ArrayList<>(), true, secrets);
    }

    /**
     * A string as it may be shown: a value under a secret key masked whole; in any other value,
     * the text of every secret and everything shaped like one (a key pasted into a prompt, a
     * password in a URL) masked.
     */
    static String maskedText(StringNode string, List<String> tokens, Set<String> secrets) {
        if (SecretKeys.isSecretPath(tokens) && !string.unresolved()) {
            return Secret.mask(string.value());
        }
        return maskedText(string.value(), secrets);
    }

    /** The text with every secret and everything shaped like one masked. */
    static String maskedText(String text, Set<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, Secret.mask(secret));
        }
        return SecretShapes.mask(masked);
    }

    private static Object convert(Node node, List<String> tokens, boolean masked, Set<String> secrets) {
        if (node instanceof ObjectNode object) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (ObjectNode.Member member : object.members().values()) {
                tokens.add(member.key());
                Object value = convert(member.value(), tokens, masked, secrets);
                tokens.remove(tokens.size() - 1);
                if (value != null || masked) {
                    map.put(member.key(), value);
                }
            }
            return Collections.unmodifiableMap(map);
        }
        if (node instanceof ArrayNode array) {
            List<Object> list = new ArrayList<>(array.items().size());
            for (int i = 0; i < array.items().size(); i++) {
                tokens.add(Integer.toString(i));
                Object value = convert(array.items().get(i), tokens, masked, secrets);
                tokens.remove(tokens.size() - 1);
                if (value != null || masked) {
                    list.add(value);
                }
            }
            return Collections.unmodifiableList(list);
        }
        if (node instanceof StringNode string) {
            if (masked) {
                return maskedText(string, tokens, secrets);
            }
            if (!SecretKeys.isSecretPath(tokens) || string.unresolved()) {
                // An unresolved reference is still its own text, which is no secret.
                return string.value();
            }
            return string.value().isBlank() ? string.value() : Secret.of(string.value());
        }
        if (node instanceof NumberNode number) {
            return number.value();
        }
        if (node instanceof BooleanNode bool) {
            return bool.value();
        }
        return null;
    }
}
