package dev.creor.config;

import dev.creor.agents.AgentDefinition;
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
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.internal.Suggestions;
import dev.creor.core.routing.RetryPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks a JSON Schema cannot express: model references naming a provider that is not
 * installed, agent names an agent cannot have, a retry back-off whose start exceeds its cap
 * (set or default), a concurrency queue without a limit, empty secrets, and provider lists
 * naming unknown providers. Values the schema already reported are skipped.
 *
 * <p>Every rule that {@link CreorConfig} would otherwise meet as an exception while building
 * the router's policies and the agent definitions lives here, so that {@code creor config
 * validate} reports it with the rest, and a valid configuration always builds.
 */
final class ConfigChecks {
    private final Set<String> knownProviders;
    private final Set<String> reported;
    private final boolean againstDefaultsWarns;
    private final List<Issue> issues = new ArrayList<>();

    private ConfigChecks(Set<String> knownProviders, Set<String> reported, boolean againstDefaultsWarns) {
        this.knownProviders = knownProviders;
        this.reported = reported;
        this.againstDefaultsWarns = againstDefaultsWarns;
    }

    /**
     * @param knownProviders       the installed provider ids, or null when unknown
     * @param reported             pointers of values already reported
     * @param againstDefaultsWarns whether a setting that clashes only with a default (which
     *                             another file may replace) is a warning rather than an error:
     *                             true when one file is checked on its own
     */
    static List<Issue> check(ObjectNode merged, Set<String> knownProviders, Set<String> reported,
                             boolean againstDefaultsWarns) {
        ConfigChecks checks = new ConfigChecks(knownProviders, reported, againstDefaultsWarns);
        checks.modelRef(merged.get("model"), "/model");
        checks.modelRefs(merged.get("fallbacks"), "/fallbacks");
        if (merged.get("agent") instanceof ObjectNode agents) {
            for (ObjectNode.Member agent : agents.members().values()) {
                String pointer = JsonPointer.append("/agent", agent.key());
                checks.agentName(agent, pointer);
                if (agent.value() instanceof ObjectNode section) {
                    checks.modelRef(section.get("model"), pointer + "/model");
                    checks.modelRefs(section.get("fallbacks"), pointer + "/fallbacks");
                    checks.requestOptions(section, pointer);
                    checks.backoffRange(section.get("retry"), pointer + "/retry");
                }
            }
        }
        if (merged.get("provider") instanceof ObjectNode providers) {
            for (ObjectNode.Member provider : providers.members().values()) {
                if (provider.value() instanceof ObjectNode section) {
                    String pointer = JsonPointer.append("/provider", provider.key());
                    checks.backoffRange(section.get("retry"), pointer + "/retry");
                    checks.queueLimit(section.get("concurrency"), pointer + "/concurrency");
                    checks.emptySecrets(section.get("options"), pointer + "/options", List.of("provider", provider.key(), "options"));
                    if (section.get("models") instanceof ObjectNode models) {
                        for (ObjectNode.Member model : models.members().values()) {
                            if (model.value() instanceof ObjectNode options) {
                                checks.requestOptions(options, JsonPointer.append(pointer + "/models", model.key()));
                            }
                        }
                    }
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

    /**
     * What the schema cannot say about an agent's or a model's request options: a reasoning
     * effort together with a reasoning budget (perhaps from two files merged), and headers that
     * a transport owns or that are not valid HTTP.
     */
    private void requestOptions(ObjectNode section, String pointer) {
        if (section.get("reasoning") instanceof ObjectNode reasoning && reasoning.get("effort") instanceof StringNode effort
                && reasoning.get("maxTokens") instanceof NumberNode budget
                && !reported.contains(pointer + "/reasoning/effort") && !reported.contains(pointer + "/reasoning/maxTokens")) {
            issues.add(Issue.error(budget.position(), pointer + "/reasoning/maxTokens", "reasoning.effort (\""
                    + effort.value() + "\") and reasoning.maxTokens (" + budget.value()
                    + ") are both set, but a request may have only one of them (OpenRouter refuses both together);"
                    + " remove one"));
        }
        if (section.get("headers") instanceof ObjectNode headers) {
            for (ObjectNode.Member header : headers.members().values()) {
                String headerPointer = JsonPointer.append(pointer + "/headers", header.key());
                if (reported.contains(headerPointer) || !(header.value() instanceof StringNode value) || value.unresolved()) {
                    continue;
                }
                try {
                    ChatRequest.builder().headers(Map.of(header.key(), value.value()));
                } catch (IllegalArgumentException bad) {
                    issues.add(Issue.error(header.keyPosition(), headerPointer, bad.getMessage()));
                }
            }
        }
    }

    private void agentName(ObjectNode.Member agent, String pointer) {
        if (reported.contains(pointer)) {
            return;
        }
        try {
            AgentDefinition.builder(agent.key());
        } catch (IllegalArgumentException badName) {
            issues.add(Issue.error(agent.keyPosition(), pointer, badName.getMessage()));
        }
    }

    /** The first back-off against the longest, either of them possibly the router's default. */
    private void backoffRange(Node node, String pointer) {
        if (!(node instanceof ObjectNode retry)) {
            return;
        }
        String initialPointer = pointer + "/initialBackoffMs";
        String maxPointer = pointer + "/maxBackoffMs";
        Node initial = retry.get("initialBackoffMs");
        Node max = retry.get("maxBackoffMs");
        if (reported.contains(initialPointer) || reported.contains(maxPointer)
                || (initial != null && !(initial instanceof NumberNode)) || (max != null && !(max instanceof NumberNode))) {
            return;
        }
        BigDecimal initialMillis = initial == null ? BigDecimal.valueOf(RetryPolicy.DEFAULT_INITIAL_BACKOFF.toMillis())
                : new BigDecimal(((NumberNode) initial).value().toString());
        BigDecimal maxMillis = max == null ? BigDecimal.valueOf(RetryPolicy.DEFAULT_MAX_BACKOFF.toMillis())
                : new BigDecimal(((NumberNode) max).value().toString());
        if (initialMillis.compareTo(maxMillis) <= 0 || (initial == null && max == null)) {
            return;
        }
        String problem = "; the first wait cannot exceed the longest";
        if (initial != null && max != null) {
            issues.add(Issue.error(initial.position(), initialPointer, "initialBackoffMs (" + initialMillis
                    + ") is greater than maxBackoffMs (" + maxMillis + ")" + problem));
        } else if (initial != null) {
            againstDefault(initial, initialPointer, "initialBackoffMs (" + initialMillis
                    + ") is greater than the default maxBackoffMs (" + maxMillis + ")" + problem
                    + "; set maxBackoffMs to at least " + initialMillis);
        } else {
            againstDefault(max, maxPointer, "maxBackoffMs (" + maxMillis + ") is less than the default initialBackoffMs ("
                    + initialMillis + ")" + problem + "; set initialBackoffMs to at most " + maxMillis);
        }
    }

    private void againstDefault(Node node, String pointer, String message) {
        issues.add(againstDefaultsWarns
                ? Issue.warning(node.position(), pointer, message + " (unless another file sets it)")
                : Issue.error(node.position(), pointer, message));
    }

    private void queueLimit(Node node, String pointer) {
        String queuedPointer = pointer + "/maxQueued";
        if (node instanceof ObjectNode concurrency && concurrency.get("maxQueued") != null
                && concurrency.get("maxConcurrent") == null && !reported.contains(queuedPointer)) {
            againstDefault(concurrency.get("maxQueued"), queuedPointer, "a queue needs a limit: maxQueued has no effect without"
                    + " maxConcurrent; set maxConcurrent, or remove maxQueued");
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
