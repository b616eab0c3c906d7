package dev.creor.config.internal;

import dev.creor.core.Secret;
import dev.creor.core.internal.SecretShapes;
import dev.creor.core.internal.Suggestions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.everit.json.schema.ObjectSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.Validator;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Validates a merged config tree against the composed schema and turns each of Everit's
 * violations into an {@link Issue} in Creor's words ({@code expected a number, got "10s"},
 * {@code unknown key "modle" (did you mean "model"?)}), located at the value in the source
 * that supplied it.
 *
 * <p>Every violation is collected, not just the first. A schema may name what it expects with
 * the {@code x-expected} keyword, which then replaces the generic wording of type, pattern,
 * range and one-of failures. Values already reported (JSON {@code null}, unresolved
 * references) are not reported again. Secret values are shown masked.
 */
public final class SchemaChecker {
    private static final Pattern EXTRANEOUS_KEY = Pattern.compile("^extraneous key \\[(.*)] is not permitted$", Pattern.DOTALL);
    private static final Pattern REQUIRED_KEY = Pattern.compile("^required key \\[(.*)] not found$", Pattern.DOTALL);
    private static final Pattern TYPE_MESSAGE = Pattern.compile("^expected type: (\\w+), found: (\\w+)$");
    private static final Set<String> EXPECTABLE = Set.of("type", "pattern", "format", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "enum", "const", "minLength", "maxLength", "oneOf",
            "anyOf");
    private static final int LONGEST_QUOTED_VALUE = 60;

    private final JSONObject schemaJson;
    private final Schema schema;
    private final Set<String> knownProviders;

    /**
     * @param schemaJson     the composed schema document; violations are explained from it,
     *                       found by their schema location, because Everit reports the
     *                       enclosing object schema as the violated one for values reached
     *                       through {@code additionalProperties}
     * @param knownProviders the provider ids the schema knows, or null when provider sections
     *                       are not checked against a list of providers
     */
    public SchemaChecker(JSONObject schemaJson, Set<String> knownProviders) {
        this.schemaJson = new JSONObject(Objects.requireNonNull(schemaJson, "schemaJson is null").toString());
        this.schema = SchemaComposer.load(new JSONObject(schemaJson.toString()));
        this.knownProviders = knownProviders == null ? null : Set.copyOf(knownProviders);
    }

    /**
     * Every problem of the merged tree.
     *
     * @param merged the merged tree
     * @param layers  the layers it was merged from, lowest first, to find each occurrence of an
     *                unknown key
     * @param secrets the text of every secret, masked wherever a value is quoted
     */
    public List<Issue> check(ObjectNode merged, List<ObjectNode> layers, Set<String> secrets) {
        List<Issue> issues = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        reportNulls(merged, "", issues, reported);
        collectUnresolved(merged, "", reported);
        try {
            Validator.builder().build().performValidation(schema, toJson(merged));
        } catch (ValidationException e) {
            new Translation(merged, layers, reported, issues, secrets).visit(e);
        }
        return dedupe(issues);
    }

    private static void reportNulls(Node node, String pointer, List<Issue> issues, Set<String> reported) {
        if (node instanceof NullNode) {
            issues.add(Issue.error(node.position(), pointer, "null is not a valid value here; remove the key to leave it unset"));
            reported.add(pointer);
        } else if (node instanceof ObjectNode object) {
            for (ObjectNode.Member member : object.members().values()) {
                reportNulls(member.value(), JsonPointer.append(pointer, member.key()), issues, reported);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.items().size(); i++) {
                reportNulls(array.items().get(i), pointer + "/" + i, issues, reported);
            }
        }
    }

    private static void collectUnresolved(Node node, String pointer, Set<String> reported) {
        if (node instanceof StringNode string && string.unresolved()) {
            reported.add(pointer);
        } else if (node instanceof ObjectNode object) {
            for (ObjectNode.Member member : object.members().values()) {
                collectUnresolved(member.value(), JsonPointer.append(pointer, member.key()), reported);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.items().size(); i++) {
                collectUnresolved(array.items().get(i), pointer + "/" + i, reported);
            }
        }
    }

    /** The tree as org.json values, which is what Everit validates. */
    static Object toJson(Node node) {
        if (node instanceof ObjectNode object) {
            JSONObject json = new JSONObject();
            for (ObjectNode.Member member : object.members().values()) {
                json.put(member.key(), toJson(member.value()));
            }
            return json;
        }
        if (node instanceof ArrayNode array) {
            JSONArray json = new JSONArray();
            for (Node item : array.items()) {
                json.put(toJson(item));
            }
            return json;
        }
        if (node instanceof StringNode string) {
            return string.value();
        }
        if (node instanceof NumberNode number) {
            return number.value();
        }
        if (node instanceof BooleanNode bool) {
            return bool.value();
        }
        return JSONObject.NULL;
    }

    private static List<Issue> dedupe(List<Issue> issues) {
        Set<String> seen = new HashSet<>();
        List<Issue> unique = new ArrayList<>();
        for (Issue issue : issues) {
            Position at = issue.position();
            if (seen.add(at.source() + ":" + at.line() + ":" + at.column() + ":" + issue.pointer() + ":" + issue.message())) {
                unique.add(issue);
            }
        }
        return unique;
    }

    /**
     * Describes a value for "got ..." in a message: secrets are masked, including a secret's text
     * inside another value and anything shaped like a secret, and long strings cut.
     */
    public static String describeValue(Node node, List<String> tokens, Set<String> secrets) {
        if (node instanceof StringNode string) {
            String text = SecretKeys.isSecretPath(tokens) && !string.unresolved() ? Secret.mask(string.value()) : string.value();
            for (String secret : secrets) {
                text = text.replace(secret, Secret.mask(secret));
            }
            // Before cutting: a key cut in half no longer looks like one.
            text = SecretShapes.mask(text);
            if (text.length() > LONGEST_QUOTED_VALUE) {
                text = text.substring(0, LONGEST_QUOTED_VALUE) + "…";
            }
            return JsonText.quote(text);
        }
        if (node instanceof NumberNode number) {
            return numberText(number.value());
        }
        return node == null ? "nothing" : node.kind();
    }

    private static String numberText(Object number) {
        if (number instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        return String.valueOf(number);
    }

    private final class Translation {
        private final ObjectNode merged;
        private final List<ObjectNode> layers;
        private final Set<String> reported;
        private final List<Issue> issues;
        private final Set<String> secrets;

        Translation(ObjectNode merged, List<ObjectNode> layers, Set<String> reported, List<Issue> issues,
                Set<String> secrets) {
            this.merged = merged;
            this.layers = layers;
            this.reported = reported;
            this.issues = issues;
            this.secrets = secrets;
        }

        void visit(ValidationException violation) {
            String keyword = violation.getKeyword();
            if (keyword == null || keyword.equals("allOf")) {
                for (ValidationException cause : violation.getCausingExceptions()) {
                    visit(cause);
                }
                return;
            }
            Located located = locate(violation.getPointerToViolation());
            if (reported.contains(located.pointer)) {
                return;
            }
            if (keyword.equals("additionalProperties")) {
                unknownKey(violation, located);
            } else if (keyword.equals("uniqueItems") && located.node instanceof ArrayNode array) {
                repeatedItem(array, located);
            } else if (keyword.equals("required")) {
                Matcher matcher = REQUIRED_KEY.matcher(violation.getErrorMessage());
                String key = matcher.matches() ? matcher.group(1) : "?";
                issues.add(Issue.error(positionOf(located), located.pointer, "the required key \"" + key + "\" is missing"));
            } else {
                List<String> descriptions = describe(violation, located);
                String suggestion = keyword.equals("enum") ? enumSuggestion(violation, located) : "";
                for (String description : descriptions) {
                    String message = suggestion.isEmpty() ? description : description + " (did you mean \"" + suggestion + "\"?)";
                    issues.add(new Issue(false, positionOf(located), located.pointer, message, suggestion));
                }
            }
        }

        private void unknownKey(ValidationException violation, Located object) {
            Matcher matcher = EXTRANEOUS_KEY.matcher(violation.getErrorMessage());
            if (!matcher.matches()) {
                issues.add(Issue.error(positionOf(object), object.pointer, violation.getErrorMessage()));
                return;
            }
            String key = matcher.group(1);
            boolean providerSection = knownProviders != null && object.tokens.equals(List.of("provider"));
            Collection<String> candidates = providerSection ? knownProviders : declaredProperties(violation);
            List<String> closest = Suggestions.closest(key, candidates, 1);
            String message = (providerSection ? "unknown provider \"" : "unknown key \"") + key + "\""
                    + Suggestions.didYouMean(key, candidates);
            if (providerSection && closest.isEmpty()) {
                message += candidates.isEmpty() ? "; no provider is installed"
                        : "; the installed providers are " + String.join(", ", new TreeSet<>(candidates));
            }
            String pointer = JsonPointer.append(object.pointer, key);
            String suggestion = closest.isEmpty() ? "" : closest.get(0);
            Set<Position> occurrences = new LinkedHashSet<>();
            for (ObjectNode layer : layers) {
                if (JsonPointer.resolve(layer, object.tokens) instanceof ObjectNode inLayer && inLayer.members().containsKey(key)) {
                    occurrences.add(inLayer.members().get(key).keyPosition());
                }
            }
            if (occurrences.isEmpty() && object.node instanceof ObjectNode inMerged && inMerged.members().containsKey(key)) {
                occurrences.add(inMerged.members().get(key).keyPosition());
            }
            if (occurrences.isEmpty()) {
                occurrences.add(positionOf(object));
            }
            for (Position occurrence : occurrences) {
                issues.add(new Issue(false, occurrence, pointer, message, suggestion));
            }
        }

        private void repeatedItem(ArrayNode array, Located located) {
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int i = 0; i < array.items().size(); i++) {
                Node item = array.items().get(i);
                Integer first = firstIndex.putIfAbsent(toJson(item).toString(), i);
                if (first != null) {
                    List<String> tokens = new ArrayList<>(located.tokens);
                    tokens.add(Integer.toString(i));
                    issues.add(Issue.error(item.position(), located.pointer + "/" + i, describeValue(item, tokens, secrets)
                            + " appears more than once; it is already item " + first));
                    return;
                }
            }
        }

        /** What is wrong with the value, as "expected ..., got ..." sentences. */
        private List<String> describe(ValidationException violation, Located located) {
            String keyword = violation.getKeyword();
            if (keyword == null || keyword.equals("allOf")) {
                List<String> descriptions = new ArrayList<>();
                for (ValidationException cause : violation.getCausingExceptions()) {
                    descriptions.addAll(describe(cause, locate(cause.getPointerToViolation())));
                }
                return descriptions;
            }
            String got = describeValue(located.node, located.tokens, secrets);
            JSONObject rule = ruleOf(violation);
            Object expected = rule == null ? violation.getViolatedSchema().getUnprocessedProperties().get("x-expected")
                    : rule.opt("x-expected");
            if (expected instanceof String text && EXPECTABLE.contains(keyword)) {
                return List.of("expected " + text + ", got " + got);
            }
            if (keyword.equals("oneOf") || keyword.equals("anyOf")) {
                return List.of(alternatives(violation, located, got));
            }
            return List.of(leafMessage(violation, rule, keyword, got));
        }

        private String alternatives(ValidationException violation, Located located, String got) {
            if (violation.getCausingExceptions().isEmpty()) {
                return "matches more than one of the allowed forms, but must match exactly one";
            }
            List<String> expectations = new ArrayList<>();
            List<String> others = new ArrayList<>();
            String suffix = ", got " + got;
            for (ValidationException cause : violation.getCausingExceptions()) {
                for (String description : describe(cause, located)) {
                    if (description.startsWith("expected ") && description.endsWith(suffix)) {
                        expectations.add(description.substring("expected ".length(), description.length() - suffix.length()));
                    } else {
                        others.add(description);
                    }
                }
            }
            if (others.isEmpty() && !expectations.isEmpty()) {
                return "expected " + String.join(" or ", new LinkedHashSet<>(expectations)) + suffix;
            }
            List<String> all = new ArrayList<>();
            expectations.forEach(expectation -> all.add("expected " + expectation + suffix));
            all.addAll(others);
            return "matches none of the allowed forms: " + String.join("; or ", all);
        }

        private String leafMessage(ValidationException violation, JSONObject rule, String keyword, String got) {
            if (rule == null) {
                return fallback(violation, keyword);
            }
            switch (keyword) {
                case "type":
                    return "expected " + expectedType(rule.opt("type"), violation.getErrorMessage()) + ", got " + got;
                case "minimum":
                case "exclusiveMinimum":
                case "maximum":
                case "exclusiveMaximum":
                    return "expected " + range(rule) + ", got " + got;
                case "multipleOf":
                    return "expected a multiple of " + jsonText(rule.opt("multipleOf")) + ", got " + got;
                case "pattern":
                    return "expected a string matching " + rule.opt("pattern") + ", got " + got;
                case "minLength":
                    int minLength = rule.optInt("minLength");
                    return "expected " + (minLength == 1 ? "a non-empty string" : "a string of at least " + minLength
                            + " characters") + ", got " + got;
                case "maxLength":
                    return "expected a string of at most " + rule.optInt("maxLength") + " characters, got " + got;
                case "enum":
                    return "expected one of " + listOf(rule.optJSONArray("enum")) + ", got " + got;
                case "const":
                    return "expected " + jsonText(rule.opt("const")) + ", got " + got;
                case "minItems":
                    return "expected at least " + rule.optInt("minItems") + " items, got " + got;
                case "maxItems":
                    return "expected at most " + rule.optInt("maxItems") + " items, got " + got;
                case "uniqueItems":
                    return "expected each item once, but an item appears more than once";
                default:
                    return fallback(violation, keyword);
            }
        }

        private String fallback(ValidationException violation, String keyword) {
            return "does not satisfy the schema's \"" + keyword + "\" rule" + (secretAt(violation) ? ""
                    : ": " + violation.getErrorMessage());
        }

        private Collection<String> declaredProperties(ValidationException violation) {
            JSONObject rule = ruleOf(violation);
            JSONObject properties = rule == null ? null : rule.optJSONObject("properties");
            if (properties != null) {
                return properties.keySet();
            }
            return violation.getViolatedSchema() instanceof ObjectSchema objectSchema
                    ? objectSchema.getPropertySchemas().keySet() : List.of();
        }

        /** The schema object the violation's schema location points at, or null. */
        private JSONObject ruleOf(ValidationException violation) {
            String location = violation.getSchemaLocation();
            if (location == null) {
                return null;
            }
            int hash = location.indexOf('#');
            String pointer = hash < 0 ? "" : location.substring(hash + 1);
            Object node = schemaJson;
            if (!pointer.isEmpty()) {
                for (String raw : pointer.substring(1).split("/", -1)) {
                    String token = JsonPointer.unescape(raw);
                    if (node instanceof JSONObject object) {
                        node = object.opt(token);
                    } else if (node instanceof JSONArray array && token.matches("\\d{1,6}")) {
                        node = array.opt(Integer.parseInt(token));
                    } else {
                        return null;
                    }
                    if (node == null) {
                        return null;
                    }
                }
            }
            return node instanceof JSONObject object ? object : null;
        }

        private boolean secretAt(ValidationException violation) {
            return SecretKeys.isSecretPath(locate(violation.getPointerToViolation()).tokens);
        }

        private String enumSuggestion(ValidationException violation, Located located) {
            JSONObject rule = ruleOf(violation);
            JSONArray values = rule == null ? null : rule.optJSONArray("enum");
            if (!(located.node instanceof StringNode string) || values == null) {
                return "";
            }
            List<String> candidates = new ArrayList<>();
            for (Object value : values) {
                if (value instanceof String text) {
                    candidates.add(text);
                }
            }
            List<String> closest = Suggestions.closest(string.value(), candidates, 1);
            return closest.isEmpty() ? "" : closest.get(0);
        }

        private Position positionOf(Located located) {
            return located.node == null ? merged.position() : located.node.position();
        }

        /**
         * Finds the value an Everit pointer names. Everit escapes {@code ~} and {@code /} in keys
         * once per level of nesting it reports through, so a token that is not found is unescaped
         * again until it is.
         */
        private Located locate(String everitPointer) {
            String pointer = everitPointer.startsWith("#") ? everitPointer.substring(1) : everitPointer;
            List<String> tokens = new ArrayList<>();
            Node node = merged;
            if (!pointer.isEmpty()) {
                for (String raw : pointer.substring(1).split("/", -1)) {
                    String token = JsonPointer.unescape(raw);
                    Node child = JsonPointer.child(node, token);
                    for (int attempt = 0; child == null && attempt < 4 && token.contains("~"); attempt++) {
                        token = JsonPointer.unescape(token);
                        child = JsonPointer.child(node, token);
                    }
                    tokens.add(token);
                    node = child;
                    if (node == null) {
                        break;
                    }
                }
            }
            return new Located(JsonPointer.of(tokens), List.copyOf(tokens), node);
        }
    }

    private static String expectedType(Object type, String everitMessage) {
        if (type instanceof String name) {
            return typeName(name);
        }
        if (type instanceof JSONArray names) {
            List<String> texts = new ArrayList<>();
            for (Object name : names) {
                texts.add(typeName(String.valueOf(name)));
            }
            return String.join(" or ", texts);
        }
        Matcher matcher = TYPE_MESSAGE.matcher(everitMessage);
        return matcher.matches() ? typeName(matcher.group(1)) : "another type";
    }

    private static String typeName(String type) {
        switch (type) {
            case "string":
            case "String":
                return "a string";
            case "integer":
            case "Integer":
                return "a whole number";
            case "number":
            case "Number":
                return "a number";
            case "boolean":
            case "Boolean":
                return "true or false";
            case "object":
            case "JSONObject":
                return "an object";
            case "array":
            case "JSONArray":
                return "an array";
            case "null":
                return "null";
            default:
                return type;
        }
    }

    private static String range(JSONObject rule) {
        String noun = "integer".equals(rule.opt("type")) ? "a whole number" : "a number";
        Object minimum = rule.opt("minimum");
        Object exclusiveMinimum = rule.opt("exclusiveMinimum") instanceof Number number ? number : null;
        Object maximum = rule.opt("maximum");
        Object exclusiveMaximum = rule.opt("exclusiveMaximum") instanceof Number number ? number : null;
        if (minimum != null && maximum != null) {
            return noun + " from " + jsonText(minimum) + " to " + jsonText(maximum);
        }
        List<String> bounds = new ArrayList<>();
        if (exclusiveMinimum != null) {
            bounds.add("greater than " + jsonText(exclusiveMinimum));
        } else if (minimum != null) {
            bounds.add("at least " + jsonText(minimum));
        }
        if (exclusiveMaximum != null) {
            bounds.add("less than " + jsonText(exclusiveMaximum));
        } else if (maximum != null) {
            bounds.add("at most " + jsonText(maximum));
        }
        return bounds.isEmpty() ? noun : noun + " " + String.join(" and ", bounds);
    }

    private static String listOf(JSONArray values) {
        List<String> texts = new ArrayList<>();
        if (values != null) {
            for (Object value : values) {
                texts.add(jsonText(value));
            }
        }
        return String.join(", ", texts);
    }

    private static String jsonText(Object value) {
        if (value instanceof String text) {
            return JsonText.quote(text);
        }
        if (value == null || value == JSONObject.NULL) {
            return "null";
        }
        if (value instanceof JSONObject) {
            return "an object";
        }
        if (value instanceof JSONArray) {
            return "an array";
        }
        return numberOrBoolean(value);
    }

    private static String numberOrBoolean(Object value) {
        return value instanceof Number ? numberText(value) : String.valueOf(value);
    }

    private record Located(String pointer, List<String> tokens, Node node) {
    }
}
