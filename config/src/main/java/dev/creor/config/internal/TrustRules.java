package dev.creor.config.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Which keys an untrusted project file may not set, as the schema declares them: a schema
 * object with {@code "x-creor-trust": "trusted-only"} marks its value, and everything under it,
 * as something only a trusted source may set, and {@code "x-creor-trust": "any"} marks a value
 * (and what is under it) as harmless again. The nearest mark wins; where one level of the schema
 * has several subschemas ({@code allOf}, {@code $ref}, a provider's fragment beside the core
 * keys), the strictest mark of that level counts. An optional {@code "x-creor-trust-refusal"}
 * beside {@code trusted-only} says what such a key could do, for the message: {@code change
 * where keys are sent}.
 *
 * <p>The core schema marks {@code provider.<id>.options} {@code trusted-only}, so that every
 * provider option is refused from an untrusted file unless the provider's own fragment marks it
 * {@code any}: an option Creor knows nothing about may be a URL or a header. A later key that
 * can move a secret (a header, a token, an endpoint) only needs the mark in its schema.
 */
public final class TrustRules {
    /** The keyword that marks a value. */
    public static final String KEYWORD = "x-creor-trust";
    /** The keyword that says what a {@code trusted-only} value could do. */
    public static final String REFUSAL_KEYWORD = "x-creor-trust-refusal";
    /** The mark of a value only trusted sources may set. */
    public static final String TRUSTED_ONLY = "trusted-only";
    /** The mark of a value any source may set. */
    public static final String ANY = "any";

    private static final String DEFAULT_REFUSAL = "set a value that may change where requests go or what they carry";

    private final JSONObject root;

    /** Rules read from a composed schema document. */
    public TrustRules(JSONObject schema) {
        this.root = Objects.requireNonNull(schema, "schema is null");
    }

    /** Where a walk down the tree starts: the whole configuration, which any source may set. */
    public Cursor start() {
        return new Cursor(expand(List.of(root)), Optional.empty());
    }

    /**
     * A position in the schema while walking down a config tree.
     *
     * @see #child
     */
    public final class Cursor {
        private final List<JSONObject> schemas;
        private final Optional<String> refusal;

        private Cursor(List<JSONObject> schemas, Optional<String> inherited) {
            this.schemas = schemas;
            this.refusal = Mark.of(schemas).map(Mark::asRefusal).orElse(inherited);
        }

        /** The position of a member or item: {@code token} is a key, or an index for arrays. */
        public Cursor child(String token) {
            List<JSONObject> children = new ArrayList<>();
            for (JSONObject schema : schemas) {
                JSONObject properties = schema.optJSONObject("properties");
                if (properties != null && properties.opt(token) instanceof JSONObject property) {
                    children.add(property);
                    continue;
                }
                boolean matched = false;
                JSONObject patterns = schema.optJSONObject("patternProperties");
                if (patterns != null) {
                    for (String pattern : patterns.keySet()) {
                        if (patterns.opt(pattern) instanceof JSONObject patternSchema && matches(pattern, token)) {
                            children.add(patternSchema);
                            matched = true;
                        }
                    }
                }
                if (!matched && schema.opt("additionalProperties") instanceof JSONObject additional) {
                    children.add(additional);
                }
                if (schema.opt("items") instanceof JSONObject items && token.chars().allMatch(Character::isDigit)) {
                    children.add(items);
                }
            }
            return new Cursor(expand(children), refusal);
        }

        /**
         * What a value here could do, when only trusted sources may set it: {@code change where
         * keys are sent}; empty when any source may.
         */
        public Optional<String> refusal() {
            return refusal;
        }
    }

    /**
     * The strictest mark among one level's schemas, or empty when none of them has one.
     *
     * @param trustedOnly whether only trusted sources may set the value
     * @param refusal     what such a value could do, for {@code trusted-only}
     */
    private record Mark(boolean trustedOnly, String refusal) {
        static Optional<Mark> of(List<JSONObject> schemas) {
            Optional<Mark> found = Optional.empty();
            for (JSONObject schema : schemas) {
                Object mark = schema.opt(KEYWORD);
                if (TRUSTED_ONLY.equals(mark)) {
                    return Optional.of(new Mark(true, schema.optString(REFUSAL_KEYWORD, DEFAULT_REFUSAL)));
                }
                if (ANY.equals(mark)) {
                    found = Optional.of(new Mark(false, ""));
                }
            }
            return found;
        }

        Optional<String> asRefusal() {
            return trustedOnly ? Optional.of(refusal) : Optional.empty();
        }
    }

    /** The schemas and every subschema they stand for at the same level ({@code $ref}, {@code allOf}, ...). */
    private List<JSONObject> expand(List<JSONObject> schemas) {
        Set<JSONObject> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<JSONObject> expanded = new ArrayList<>();
        List<JSONObject> pending = new ArrayList<>(schemas);
        while (!pending.isEmpty()) {
            JSONObject schema = pending.remove(pending.size() - 1);
            if (!seen.add(schema)) {
                continue;
            }
            expanded.add(schema);
            if (schema.opt("$ref") instanceof String reference) {
                resolve(reference).ifPresent(pending::add);
            }
            for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
                if (schema.opt(combinator) instanceof JSONArray parts) {
                    for (Object part : parts) {
                        if (part instanceof JSONObject subschema) {
                            pending.add(subschema);
                        }
                    }
                }
            }
        }
        return expanded;
    }

    private Optional<JSONObject> resolve(String reference) {
        if (!reference.startsWith("#")) {
            return Optional.empty();
        }
        Object node = root;
        String pointer = reference.substring(1);
        if (!pointer.isEmpty()) {
            Iterator<String> tokens = JsonPointer.tokens(pointer).iterator();
            while (tokens.hasNext() && node != null) {
                String token = tokens.next();
                node = node instanceof JSONObject object ? object.opt(token)
                        : node instanceof JSONArray array && token.chars().allMatch(Character::isDigit)
                        ? array.opt(Integer.parseInt(token)) : null;
            }
        }
        return node instanceof JSONObject object ? Optional.of(object) : Optional.empty();
    }

    private static boolean matches(String pattern, String key) {
        try {
            return Pattern.compile(pattern).matcher(key).find();
        } catch (PatternSyntaxException invalid) {
            return false;
        }
    }
}
