package dev.creor.settings;

import dev.creor.config.edit.EditOutcome;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.runtime.KeyListing;
import dev.creor.runtime.KeyStored;
import dev.creor.spi.KeyInfo;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The page's view of the backend's results, as JSON-like maps. Keys appear only masked: the
 * results hold nothing else.
 */
final class SettingsJson {
    private SettingsJson() {
    }

    static Map<String, Object> overview(ProviderOverview overview) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("providers", overview.providers().stream().map(SettingsJson::provider).toList());
        json.put("storeLocation", overview.storeLocation());
        json.put("warnings", overview.warnings());
        return json;
    }

    static Map<String, Object> provider(ProviderStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", status.id());
        json.put("displayName", status.displayName());
        json.put("installed", status.installed());
        json.put("keyRequired", status.keyRequired());
        json.put("source", source(status.sourceKind(), status.source()));
        json.put("maskedKey", status.maskedKeyText().orElse(null));
        json.put("keyStored", status.keyStored());
        json.put("canVerify", status.canVerify());
        json.put("environmentVariables", status.environmentVariables());
        json.put("warnings", status.warnings());
        return json;
    }

    static Map<String, Object> saved(KeySaved saved) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provider", provider(saved.provider()));
        json.put("maskedKey", saved.maskedKey());
        json.put("verification", verification(saved.verification()));
        json.put("warnings", saved.warnings());
        return json;
    }

    static Map<String, Object> removed(KeyRemoved removed) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provider", provider(removed.provider()));
        json.put("removed", removed.removed());
        json.put("messages", removed.messages());
        return json;
    }

    static Map<String, Object> check(KeyCheck check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("providerId", check.providerId());
        json.put("maskedKey", check.maskedKey());
        json.put("source", source(check.sourceKind(), check.source()));
        json.put("info", info(check.info()));
        return json;
    }

    static Map<String, Object> models(String providerId, List<ModelInfo> all, String query) {
        List<String> words = List.of(query.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        List<Map<String, Object>> matching = all.stream()
                .filter(model -> {
                    String haystack = (model.ref().model() + " " + model.name()).toLowerCase(Locale.ROOT);
                    return words.stream().allMatch(haystack::contains);
                })
                .map(SettingsJson::model)
                .toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("providerId", providerId);
        json.put("total", all.size());
        json.put("models", matching);
        return json;
    }

    private static Map<String, Object> model(ModelInfo model) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", model.ref().model());
        json.put("name", model.name());
        json.put("contextLength", model.contextLength().isPresent() ? model.contextLength().getAsLong() : null);
        json.put("inputPricePerMillion", amount(model.inputPricePerMillion()));
        json.put("outputPricePerMillion", amount(model.outputPricePerMillion()));
        return json;
    }

    static Map<String, Object> preferences(ProviderPreferences preferences) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("providerId", preferences.providerId());
        json.put("whitelist", preferences.whitelist());
        json.put("timeout", timeout(preferences.timeout()));
        json.put("file", preferences.file().toString());
        json.put("notes", preferences.notes());
        return json;
    }

    static Map<String, Object> configSaved(ConfigSaved saved) {
        Map<String, Object> json = new LinkedHashMap<>();
        EditOutcome outcome = saved.outcome();
        json.put("file", outcome.file().toString());
        json.put("saved", !(outcome instanceof EditOutcome.Refused));
        json.put("created", outcome instanceof EditOutcome.Written written && written.created());
        json.put("unchanged", outcome instanceof EditOutcome.Unchanged);
        if (outcome instanceof EditOutcome.Refused refused) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", "NOT_WRITTEN");
            error.put("message", refused.reason());
            error.put("snippet", refused.snippet());
            json.put("error", error);
        }
        json.put("warnings", saved.warnings());
        return json;
    }

    static Map<String, Object> agents(AgentOverview overview) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agents", overview.agents().stream().map(agent -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", agent.name());
            entry.put("description", agent.description());
            entry.put("builtIn", agent.builtIn());
            entry.put("model", agent.model().toString());
            entry.put("source", agent.source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            entry.put("decidedBy", agent.decidedBy());
            return entry;
        }).toList());
        json.put("allowedModels", overview.allowedModels().stream().map(Object::toString).toList());
        json.put("warnings", overview.warnings());
        return json;
    }

    static Map<String, Object> agentOptions(AgentOptions options) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agent", options.agentName());
        json.put("values", options.values());
        json.put("editable", AgentOptions.EDITABLE);
        json.put("readOnly", options.readOnly());
        json.put("readOnlyReason", AgentOptions.READ_ONLY_REASON);
        json.put("file", options.file().toString());
        json.put("notes", options.notes());
        return json;
    }

    private static Map<String, Object> source(KeyListing.SourceKind kind, String description) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind.name().toLowerCase(Locale.ROOT));
        json.put("description", description);
        return json;
    }

    private static Map<String, Object> verification(KeyStored.Verification verification) {
        Map<String, Object> json = new LinkedHashMap<>();
        verification.info().ifPresent(info -> json.put("info", info(info)));
        String status = switch (verification.outcome()) {
            case VERIFIED -> "verified";
            case SKIPPED -> "skipped";
            case NOT_OFFERED -> "not-offered";
            case FORCED -> "forced";
        };
        json.put("status", status);
        json.put("description", verification.description());
        return json;
    }

    private static Map<String, Object> info(KeyInfo info) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", info.label().orElse(null));
        json.put("limit", amount(info.limit()));
        json.put("limitRemaining", amount(info.limitRemaining()));
        json.put("limitReset", info.limitReset().orElse(null));
        json.put("usage", amount(info.usage()));
        json.put("usageDaily", amount(info.usageDaily()));
        json.put("usageWeekly", amount(info.usageWeekly()));
        json.put("usageMonthly", amount(info.usageMonthly()));
        json.put("freeTier", info.freeTier());
        json.put("expiresAt", info.expiresAt().map(Object::toString).orElse(null));
        return json;
    }

    private static Object timeout(RequestTimeout timeout) {
        if (timeout instanceof RequestTimeout.Limited limited) {
            return limited.millis();
        }
        return timeout instanceof RequestTimeout.Unlimited ? Boolean.FALSE : null;
    }

    /** Amounts as plain decimal text, so no float rounding reaches the page. */
    private static String amount(Optional<BigDecimal> amount) {
        return amount.map(value -> value.stripTrailingZeros().toPlainString()).orElse(null);
    }
}
