package dev.creor.runtime.internal.credentials;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The format of {@code auth.json}: a JSON object with one entry per provider,
 * {@code {"openrouter": {"type": "api", "key": "sk-or-v1-..."}}}.
 *
 * <p>Entries of another {@code type} (a future OAuth entry, say) and unknown fields are kept
 * as they are, so an older Creor never destroys what a newer one wrote. Parse errors are
 * reported by position only: Jackson's own messages quote the text around the error, which
 * may be a key.
 */
final class AuthFileFormat {
    static final String TYPE = "type";
    static final String API_TYPE = "api";
    static final String KEY = "key";

    private static final String SHAPE = "{\"<provider>\": {\"type\": \"api\", \"key\": \"...\"}}";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private AuthFileFormat() {
    }

    static ObjectNode empty() {
        return MAPPER.createObjectNode();
    }

    /**
     * Parses and checks the whole file.
     *
     * @throws CreorException with {@code CONFIG_INVALID} naming the file and the position or
     *                        entry at fault, and the way out
     */
    static ObjectNode parse(byte[] content, Path file) {
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            return empty();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw corrupt(file, "cannot be parsed as JSON" + position(e.getLocation())
                    + " (a syntax error, or a provider listed twice)");
        } catch (IOException e) {
            throw corrupt(file, "cannot be parsed as JSON");
        }
        if (!root.isObject()) {
            throw corrupt(file, "must hold a JSON object " + SHAPE + ", but holds " + kind(root));
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            checkEntry(entry.getKey(), entry.getValue(), file);
        }
        return (ObjectNode) root;
    }

    /** The key of an {@code api} entry; empty for an absent entry or one of another type. */
    static Optional<Secret> key(ObjectNode entries, String providerId) {
        JsonNode entry = entries.get(providerId);
        if (entry == null || !isApiEntry(entry)) {
            return Optional.empty();
        }
        return Optional.of(Secret.of(entry.get(KEY).textValue()));
    }

    static boolean isApiEntry(JsonNode entry) {
        return API_TYPE.equals(entry.path(TYPE).textValue());
    }

    /**
     * Sets the key of a provider. An existing {@code api} entry keeps its other fields; an entry
     * of another type is replaced whole, since its fields describe a different kind of credential.
     */
    static void putKey(ObjectNode entries, String providerId, Secret key) {
        JsonNode existing = entries.get(providerId);
        ObjectNode entry = existing != null && isApiEntry(existing) ? (ObjectNode) existing : entries.objectNode();
        entry.put(TYPE, API_TYPE);
        entry.put(KEY, key.reveal());
        entries.set(providerId, entry);
    }

    static byte[] format(ObjectNode entries) {
        try {
            String text = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(entries);
            return (text + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            // A tree of objects and strings always serialises; say so without echoing anything.
            throw CreorException.of(ErrorCode.INTERNAL, "could not serialise the credential store");
        }
    }

    private static void checkEntry(String name, JsonNode entry, Path file) {
        String where = "the entry " + (ProviderIds.isValid(name) ? "\"" + name + "\"" : ProviderIds.quote(name));
        if (!entry.isObject()) {
            throw corrupt(file, where + " must be an object like {\"type\": \"api\", \"key\": \"...\"}, but is "
                    + kind(entry));
        }
        JsonNode type = entry.get(TYPE);
        if (type == null || !type.isTextual()) {
            throw corrupt(file, where + " has no \"type\" text (\"api\" for an API key)");
        }
        if (API_TYPE.equals(type.textValue())) {
            JsonNode key = entry.get(KEY);
            if (key == null || !key.isTextual() || key.textValue().isBlank()) {
                throw corrupt(file, where + " is of type \"api\" but has no \"key\" text");
            }
        }
    }

    static CreorException corrupt(Path file, String problem) {
        return CreorException.builder(ErrorCode.CONFIG_INVALID, "the credential store " + file + " " + problem)
                .hint("fix or remove the file yourself, or run `creor auth login <provider> --replace-corrupt`, "
                        + "which moves it to a backup beside it and starts a new one")
                .build();
    }

    private static String position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
