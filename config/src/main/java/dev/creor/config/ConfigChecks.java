package dev.creor.config;

import dev.creor.config.internal.ArrayNode;
import dev.creor.config.internal.Issue;
import dev.creor.config.internal.JsonPointer;
import dev.creor.config.internal.Node;
import dev.creor.config.internal.NumberNode;
import dev.creor.config.internal.ObjectNode;
import dev.creor.config.internal.SecretKeys;
import dev.creor.config.internal.StringNode;
import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.internal.Suggestions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks a JSON Schema cannot express: model references naming a provider that is not
 * installed, a retry back-off whose start exceeds its cap, empty secrets, and provider lists
 * naming unknown providers. Values the schema already reported are skipped.
 */
final class ConfigChecks {
    private final Set<String> knownProviders;
    private final Set<String> reported;
    private final List<Issue> issues = new ArrayList<>();

    private ConfigChecks(Set<String> knownProviders, Set<String> reported) {
        this.knownProviders = knownProviders;
        this.reported = reported;
    }

    /**
     * @param knownProviders the installed provider ids, or null when unknown
     * @param reported       pointers of values already reported
     */
    static List<Issue> check(ObjectNode merged, Set<String> knownProviders, Set<String> reported) {
        ConfigChecks checks = new ConfigChecks(knownProviders, reported);
        checks.modelRef(merged.get("model"), "/model");
        checks.modelRefs(merged.get("fallbacks"), "/fallbacks");
        if (merged.get("agent") instanceof ObjectNode agents) {
            for (ObjectNode.Member agent : agents.members().values()) {
                if (agent.value() instanceof ObjectNode section) {
                    String pointer = JsonPointer.append("/agent", agent.key());
                    checks.modelRef(section.get("model"), pointer + "/model");
                    checks.modelRefs(section.get("fallbacks"), pointer + "/fallbacks");
                }
            }
        }
        if (merged.get("provider") instanceof ObjectNode providers) {
            for (ObjectNode.Member provider : providers.members().values()) {
                if (provider.value() instanceof ObjectNode section) {
                    String pointer = JsonPointer.append("/provider", provider.key());
                    checks.backoffRange(section.get("retry"), pointer + "/retry");
                    checks.emptySecrets(section.get("options"), pointer + "/options", List.of("provider", provider.key(), "options"));
                }
            }
        }
        checks.providerList(merged.get("disabled_providers"), "/disabled_providers");
        checks.providerList(merged.get("enabled_providers"), "/enabled_providers");
        return checks.issues;
    }

    private void modelRefs(Node node, String pointer) {
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.items().size(); i++) {
                modelRef(array.items().get(i), pointer + "/" + i);
            }
        }
    }

    private void modelRef(Node node, String pointer) {
        if (!(node instanceof StringNode string) || string.unresolved() || reported.contains(pointer)) {
            return;
        }
        ModelRef ref;
        try {
            ref = ModelRef.parse(string.value());
        } catch (CreorException e) {
            issues.add(Issue.error(node.position(), pointer, e.getMessage()));
            return;
        }
        if (knownProviders != null && !knownProviders.contains(ref.provider())) {
            List<String> closest = Suggestions.closest(ref.provider(), knownProviders, 1);
            String message = "unknown provider \"" + ref.provider() + "\" in model reference \"" + ref + "\""
                    + Suggestions.didYouMean(ref.provider(), knownProviders) + installed(closest);
            issues.add(new Issue(false, node.position(), pointer, message, closest.isEmpty() ? "" : closest.get(0)));
        }
    }

    private void backoffRange(Node node, String pointer) {
        if (node instanceof ObjectNode retry && retry.get("initialBackoffMs") instanceof NumberNode initial
                && retry.get("maxBackoffMs") instanceof NumberNode max
                && new BigDecimal(initial.value().toString()).compareTo(new BigDecimal(max.value().toString())) > 0) {
            String initialPointer = pointer + "/initialBackoffMs";
            if (!reported.contains(initialPointer) && !reported.contains(pointer + "/maxBackoffMs")) {
                issues.add(Issue.error(initial.position(), initialPointer, "initialBackoffMs (" + initial.value()
                        + ") is greater than maxBackoffMs (" + max.value() + "); the first wait cannot exceed the longest"));
            }
        }
    }

    private void emptySecrets(Node node, String pointer, List<String> tokens) {
        if (node instanceof ObjectNode object) {
            for (ObjectNode.Member member : object.members().values()) {
                List<String> memberTokens = new ArrayList<>(tokens);
                memberTokens.add(member.key());
                emptySecrets(member.value(), JsonPointer.append(pointer, member.key()), memberTokens);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.items().size(); i++) {
                List<String> itemTokens = new ArrayList<>(tokens);
                itemTokens.add(Integer.toString(i));
                emptySecrets(array.items().get(i), pointer + "/" + i, itemTokens);
            }
        } else if (node instanceof StringNode string && string.value().isBlank() && !string.unresolved()
                && SecretKeys.isSecretPath(tokens) && !reported.contains(pointer)) {
            issues.add(Issue.error(node.position(), pointer, "the secret is empty; remove the key to use the credential"
                    + " from the environment or the credential store"));
        }
    }

    private void providerList(Node node, String pointer) {
        if (knownProviders == null || !(node instanceof ArrayNode array)) {
            return;
        }
        for (int i = 0; i < array.items().size(); i++) {
            String itemPointer = pointer + "/" + i;
            if (array.items().get(i) instanceof StringNode id && !knownProviders.contains(id.value())
                    && !reported.contains(itemPointer)) {
                List<String> closest = Suggestions.closest(id.value(), knownProviders, 1);
                issues.add(new Issue(true, id.position(), itemPointer, "unknown provider \"" + id.value() + "\""
                        + Suggestions.didYouMean(id.value(), knownProviders) + installed(closest),
                        closest.isEmpty() ? "" : closest.get(0)));
            }
        }
    }

    private String installed(List<String> closest) {
        if (!closest.isEmpty()) {
            return "";
        }
        return knownProviders.isEmpty() ? "; no provider is installed"
                : "; the installed providers are " + String.join(", ", new TreeSet<>(knownProviders));
    }
}
