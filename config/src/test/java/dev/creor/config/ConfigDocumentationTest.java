package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** docs/config.md documents exactly the schema's keys, and docs/creor.schema.json is the schema. */
class ConfigDocumentationTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern DOCUMENTED_KEY = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void thePublishedSchemaIsTheOneCreorValidatesWith() throws IOException {
        String published = Files.readString(DOCS.resolve("creor.schema.json"), StandardCharsets.UTF_8);

        assertThat(published)
                .as("docs/creor.schema.json is stale; regenerate it with: cp config/src/main/resources/dev/creor/config/"
                        + "creor.schema.json docs/creor.schema.json")
                .isEqualTo(ConfigSchema.coreSchemaJson());
    }

    @Test
    void everyKeyOfTheSchemaIsDocumentedAndNothingElse() throws IOException {
        String documentation = Files.readString(DOCS.resolve("config.md"), StandardCharsets.UTF_8);
        Set<String> documented = new LinkedHashSet<>();
        Matcher matcher = DOCUMENTED_KEY.matcher(documentation);
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        documented.removeIf(key -> key.startsWith("{"));

        Set<String> schemaKeys = schemaKeys();

        assertThat(schemaKeys).as("the schema's keys (sanity check of this test)").contains("model", "agent.<name>.top_p",
                "provider.<id>.retry.maxRetryAfterMs", "provider.<id>.concurrency.maxQueued");
        assertThat(documented).as("keys in docs/config.md's tables compared with the schema's keys")
                .containsExactlyInAnyOrderElementsOf(schemaKeys);
    }

    /** Every key path of the core schema: {@code agent.<name>.model}, {@code provider.<id>.retry.maxAttempts}, ... */
    static Set<String> schemaKeys() {
        JSONObject root = new JSONObject(ConfigSchema.coreSchemaJson());
        Set<String> keys = new LinkedHashSet<>();
        collect(root, root, "", keys);
        return keys;
    }

    private static void collect(JSONObject root, JSONObject schema, String path, Set<String> keys) {
        JSONObject resolved = resolve(root, schema);
        JSONObject properties = resolved.optJSONObject("properties");
        if (properties != null) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = properties.keys(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (String name : names) {
                String key = path.isEmpty() ? name : path + "." + name;
                keys.add(key);
                collect(root, properties.getJSONObject(name), key, keys);
            }
        }
        JSONObject additional = resolved.optJSONObject("additionalProperties");
        if (additional != null) {
            String key = path + (path.equals("agent") ? ".<name>" : path.equals("provider") ? ".<id>" : ".<key>");
            keys.add(key);
            collect(root, additional, key, keys);
        }
    }

    private static JSONObject resolve(JSONObject root, JSONObject schema) {
        String reference = schema.optString("$ref", null);
        if (reference == null) {
            return schema;
        }
        assertThat(reference).startsWith("#/definitions/");
        return resolve(root, root.getJSONObject("definitions").getJSONObject(reference.substring("#/definitions/".length())));
    }
}
