package dev.creor.testkit;

import dev.creor.core.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.everit.json.schema.Schema;
import org.everit.json.schema.SchemaException;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.json.JSONParserConfiguration;

/** Checks a provider's config-schema fragment: strict JSON, a valid draft-07 schema, self-contained. */
final class ConfigSchemaCheck {
    private static final Schema DRAFT_07 = loadMetaSchema();

    private ConfigSchemaCheck() {
    }

    /** The fragment as a loaded schema, or an {@link AssertionError} saying what is wrong with it. */
    static Schema load(String fragment) {
        JSONObject json;
        try {
            json = new JSONObject(fragment, new JSONParserConfiguration().withStrictMode(true));
        } catch (JSONException error) {
            throw new AssertionError("the config schema (ProviderDescriptor.configSchema) is not a strict JSON object: "
                    + error.getMessage());
        }
        try {
            DRAFT_07.validate(json);
        } catch (ValidationException error) {
            throw new AssertionError("the config schema is not a valid JSON Schema (draft-07): "
                    + String.join("; ", error.getAllMessages()));
        }
        Schema schema;
        try {
            schema = SchemaLoader.builder()
                    .draftV7Support()
                    .schemaClient(url -> {
                        throw new UncheckedIOException(new IOException("the config schema refers to " + url
                                + "; it must be self-contained, with no reference to another document"));
                    })
                    .schemaJson(json)
                    .build()
                    .load()
                    .build();
        } catch (SchemaException | UncheckedIOException error) {
            throw new AssertionError("the config schema cannot be loaded as a JSON Schema (draft-07): "
                    + error.getMessage());
        }
        if (!"object".equals(json.opt("type"))) {
            throw new AssertionError("the config schema describes the provider's config section, an object, so "
                    + "it must say \"type\": \"object\"; it says \"type\": " + json.opt("type"));
        }
        return schema;
    }

    /** Why the schema rejects the config section, if it does. */
    static Optional<String> rejection(Schema schema, Map<String, Object> section) {
        try {
            schema.validate(toJson(section));
            return Optional.empty();
        } catch (ValidationException error) {
            return Optional.of(String.join("; ", error.getAllMessages()));
        }
    }

    private static Object toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            JSONObject object = new JSONObject();
            map.forEach((key, item) -> object.put((String) key, toJson(item)));
            return object;
        }
        if (value instanceof List<?> list) {
            JSONArray array = new JSONArray();
            list.forEach(item -> array.put(toJson(item)));
            return array;
        }
        if (value instanceof Secret) {
            // In a config file a secret is a string such as "{env:NAME}" or the key itself.
            return "a secret";
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        throw new IllegalArgumentException("not a JSON-like value: " + value.getClass().getName());
    }

    private static Schema loadMetaSchema() {
        try (InputStream in = ConfigSchemaCheck.class.getResourceAsStream("draft-07-schema.json")) {
            if (in == null) {
                throw new IllegalStateException("the testkit's draft-07 meta-schema is missing");
            }
            JSONObject json = new JSONObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return SchemaLoader.builder().draftV7Support().schemaJson(json).build().load().build();
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
