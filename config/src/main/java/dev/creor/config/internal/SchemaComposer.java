package dev.creor.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.everit.json.schema.Schema;
import org.everit.json.schema.SchemaException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Builds the one JSON Schema a merged config is validated against: the core schema, with a
 * closed {@code provider} object whose sections combine the core section keys with each
 * provider's schema fragment.
 *
 * <p>A provider section accepts the core keys ({@code options}, {@code timeout}, ...) and the
 * properties the fragment declares; a key both define must satisfy both (an {@code allOf}).
 * The fragment's other keywords ({@code required}, {@code if}/{@code then}, ...) apply to the
 * section as written, but its top-level {@code additionalProperties} does not: the section's
 * key set is the union, and any other key is an unknown key. (A plain {@code allOf} of the core
 * section and the fragment would reject every key the fragment adds, because the core section
 * is closed.) The fragment is kept whole under {@code definitions/provider-<id>} with its local
 * {@code $ref}s rewritten to point there, so fragments may use their own definitions.
 */
public final class SchemaComposer {
    /** The class-path location of the core schema. */
    public static final String CORE_SCHEMA_RESOURCE = "/dev/creor/config/creor.schema.json";

    private static final Set<String> FRAGMENT_ONLY_KEYWORDS = Set.of("$schema", "$id", "id", "definitions", "$defs",
            "title", "description", "properties", "additionalProperties", "x-expected");

    private SchemaComposer() {
    }

    /** A provider's fragment is not a usable schema. */
    public static final class InvalidFragmentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String providerId;

        InvalidFragmentException(String providerId, String message) {
            super(message);
            this.providerId = providerId;
        }

        /** The provider whose fragment is broken. */
        public String providerId() {
            return providerId;
        }
    }

    /** The core schema's text, as published. */
    public static String coreSchemaText() {
        try (InputStream in = SchemaComposer.class.getResourceAsStream(CORE_SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CORE_SCHEMA_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The core schema composed with the fragments.
     *
     * @param fragments schema text by provider id
     * @throws InvalidFragmentException when a fragment is not a JSON object or not a valid schema
     */
    public static JSONObject compose(String coreSchemaText, Map<String, String> fragments) {
        JSONObject root = new JSONObject(coreSchemaText);
        JSONObject definitions = root.getJSONObject("definitions");
        JSONObject coreSection = definitions.getJSONObject("providerSection");
        JSONObject providerObject = root.getJSONObject("properties").getJSONObject("provider");
        JSONObject sections = new JSONObject();
        for (Map.Entry<String, String> entry : fragments.entrySet()) {
            String id = entry.getKey();
            JSONObject fragment = parseFragment(id, entry.getValue());
            String definitionPointer = "#/definitions/" + JsonPointer.escape(definitionName(id));
            rewriteLocalReferences(fragment, definitionPointer);
            fragment.remove("$id");
            fragment.remove("id");
            fragment.remove("$schema");
            definitions.put(definitionName(id), fragment);
            sections.put(id, section(coreSection, fragment, definitionPointer));
        }
        providerObject.put("properties", sections);
        providerObject.put("additionalProperties", false);
        return root;
    }

    /** Loads a schema document into Everit's validator form; references to other documents are refused. */
    public static Schema load(JSONObject schemaJson) {
        return SchemaLoader.builder()
                .draftV7Support()
                .schemaClient(url -> {
                    throw new SchemaException(url, "the schema refers to " + url
                            + "; Creor never fetches schemas, so a schema must be self-contained");
                })
                .schemaJson(schemaJson)
                .build()
                .load()
                .build();
    }

    private static JSONObject parseFragment(String id, String text) {
        JSONObject fragment;
        try {
            fragment = new JSONObject(text);
        } catch (JSONException e) {
            throw new InvalidFragmentException(id, "the config schema of provider \"" + id + "\" is not a JSON object: "
                    + e.getMessage());
        }
        try {
            load(new JSONObject(fragment.toString()));
        } catch (SchemaException | JSONException e) {
            throw new InvalidFragmentException(id, "the config schema of provider \"" + id + "\" is not a valid JSON Schema: "
                    + e.getMessage());
        }
        Object properties = fragment.opt("properties");
        if (properties != null && !(properties instanceof JSONObject)) {
            throw new InvalidFragmentException(id, "the config schema of provider \"" + id
                    + "\" has \"properties\" that is not an object");
        }
        return fragment;
    }

    private static JSONObject section(JSONObject coreSection, JSONObject fragment, String definitionPointer) {
        JSONObject properties = new JSONObject(coreSection.getJSONObject("properties").toString());
        JSONObject fragmentProperties = fragment.optJSONObject("properties");
        if (fragmentProperties != null) {
            for (String key : fragmentProperties.keySet()) {
                JSONObject reference = new JSONObject().put("$ref",
                        definitionPointer + "/properties/" + JsonPointer.escape(key));
                Object core = properties.opt(key);
                properties.put(key, core == null ? reference : new JSONObject().put("allOf", new JSONArray().put(core).put(reference)));
            }
        }
        JSONObject section = new JSONObject()
                .put("type", "object")
                .put("x-expected", coreSection.getString("x-expected"))
                .put("additionalProperties", false)
                .put("properties", properties);
        JSONObject rest = new JSONObject();
        for (String keyword : fragment.keySet()) {
            if (!FRAGMENT_ONLY_KEYWORDS.contains(keyword) && !(keyword.equals("type") && "object".equals(fragment.opt(keyword)))) {
                rest.put(keyword, fragment.get(keyword));
            }
        }
        if (!rest.isEmpty()) {
            section.put("allOf", new JSONArray().put(rest));
        }
        return section;
    }

    private static void rewriteLocalReferences(Object value, String definitionPointer) {
        if (value instanceof JSONObject object) {
            for (String key : object.keySet()) {
                Object child = object.get(key);
                if (key.equals("$ref") && child instanceof String reference && reference.startsWith("#")) {
                    String rest = reference.substring(1);
                    object.put(key, rest.isEmpty() || rest.equals("/") ? definitionPointer : definitionPointer + rest);
                } else {
                    rewriteLocalReferences(child, definitionPointer);
                }
            }
        } else if (value instanceof JSONArray array) {
            for (Object item : array) {
                rewriteLocalReferences(item, definitionPointer);
            }
        }
    }

    private static String definitionName(String providerId) {
        return "provider-" + providerId;
    }
}
