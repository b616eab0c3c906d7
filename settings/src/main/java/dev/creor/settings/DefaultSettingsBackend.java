package dev.creor.settings;

import dev.creor.config.edit.ConfigEdit;
import dev.creor.config.edit.ConfigFileEditor;
import dev.creor.config.edit.EditOutcome;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.internal.Suggestions;
import dev.creor.runtime.AgentInfo;
import dev.creor.runtime.CreorCredentials;
import dev.creor.runtime.KeyListing;
import dev.creor.runtime.KeyRemoval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The settings page's backend as Creor runs it: keys and key checks through the runtime's
 * {@link CreorCredentials} (the code path of {@code creor auth login|logout|list}), settings saved into the {@link GlobalConfigFile} with
 * {@link ConfigFileEditor}, and the catalogs, agents and model filters from
 * {@link SettingsSources}.
 *
 * <p>Work that follows a provider's answer (storing a key, writing the config file) runs on
 * the given blocking executor, never on the thread that completed the answer, which may be an
 * event loop.
 */
public final class DefaultSettingsBackend implements SettingsBackend {
    /** A model id, or a pattern of one: no white space, no quotes, no empty path segment. */
    private static final Pattern MODEL_ID_PATTERN =
            Pattern.compile("[A-Za-z0-9*~][A-Za-z0-9._:@+~*-]*(/[A-Za-z0-9._:@+~*-]+)*");
    private static final int LONGEST_MODEL_ID = 200;

    private final CreorCredentials credentials;
    private final GlobalConfigFile config;
    private final SettingsSources sources;
    private final Executor blockingExecutor;

    /**
     * @param credentials      stores, removes and checks keys; its providers are the installed ones
     * @param config           where settings are saved
     * @param sources          catalogs, agents and model filters of the runtime
     * @param blockingExecutor where file work runs after a provider answered
     */
    public DefaultSettingsBackend(CreorCredentials credentials, GlobalConfigFile config, SettingsSources sources,
            Executor blockingExecutor) {
        this.credentials = Objects.requireNonNull(credentials, "credentials is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.sources = Objects.requireNonNull(sources, "sources is null");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor is null");
    }

    @Override
    public ProviderOverview providers() {
        KeyListing listing = credentials.list();
        return new ProviderOverview(listing.providers().stream().map(DefaultSettingsBackend::status).toList(),
                credentials.storeLocation(), listing.warnings());
    }

    @Override
    public CompletionStage<KeySaved> saveKey(String providerId, String keyText, boolean verify) {
        return credentials.store(providerId, keyText, verify)
                .thenApplyAsync(stored -> new KeySaved(statusOf(providerId), stored.maskedKey(), stored.verification(),
                        stored.warnings()), blockingExecutor);
    }

    @Override
    public KeyRemoved removeKey(String providerId) {
        KeyRemoval result = credentials.remove(providerId);
        return new KeyRemoved(statusOf(providerId), result.removed(), result.messages());
    }

    @Override
    public CompletionStage<KeyCheck> verifyKey(String providerId) {
        return attempt(() -> {
            installed(providerId);
            return credentials.check(providerId).thenApply(inspection -> new KeyCheck(providerId,
                    inspection.maskedKey(), inspection.sourceKind(), inspection.source(), inspection.info()));
        });
    }

    @Override
    public CompletionStage<List<ModelInfo>> models(String providerId) {
        return attempt(() -> catalogOf(providerId).models());
    }

    @Override
    public ProviderPreferences preferences(String providerId) {
        installed(providerId);
        List<String> notes = new ArrayList<>();
        List<String> whitelist = List.of();
        RequestTimeout timeout = new RequestTimeout.Default();
        try {
            Optional<Object> listed = config.read(key(providerId, "whitelist"));
            if (listed.isPresent()) {
                if (listed.get() instanceof List<?> entries && entries.stream().allMatch(String.class::isInstance)) {
                    whitelist = entries.stream().map(String.class::cast).toList();
                } else {
                    notes.add(dotted(providerId, "whitelist") + " in " + config.path()
                            + " is not a list of model ids; saving replaces it");
                }
            }
            Optional<Object> limit = config.read(key(providerId, "timeout"));
            if (limit.isPresent()) {
                if (limit.get() instanceof Long millis && millis > 0 && millis <= RequestTimeout.MAX_MILLIS) {
                    timeout = new RequestTimeout.Limited(millis);
                } else if (Boolean.FALSE.equals(limit.get())) {
                    timeout = new RequestTimeout.Unlimited();
                } else {
                    notes.add(dotted(providerId, "timeout") + " in " + config.path()
                            + " is not a number of milliseconds from 1 to " + RequestTimeout.MAX_MILLIS
                            + " or false; saving replaces it");
                }
            }
        } catch (CreorException unreadable) {
            notes.add(unreadable.describe());
        }
        overridden(providerId, "whitelist").ifPresent(notes::add);
        overridden(providerId, "timeout").ifPresent(notes::add);
        return new ProviderPreferences(providerId, whitelist, timeout, config.path(), notes);
    }

    @Override
    public CompletionStage<ConfigSaved> savePreferences(String providerId, List<String> whitelist,
            RequestTimeout timeout) {
        return attempt(() -> {
            String displayName = installed(providerId);
            Objects.requireNonNull(timeout, "timeout is null");
            List<String> entries = checkPatterns(providerId, whitelist);
            List<String> warnings = new ArrayList<>();
            CompletionStage<Void> checked = sources.catalog(providerId)
                    .map(catalog -> checkAgainstCatalog(displayName, entries, catalog, warnings))
                    .orElseGet(() -> CompletableFuture.completedFuture(null));
            return checked.thenApplyAsync(ignored -> {
                List<ConfigEdit> edits = new ArrayList<>();
                edits.add(entries.isEmpty()
                        ? ConfigEdit.remove(key(providerId, "whitelist"))
                        : ConfigEdit.set(key(providerId, "whitelist"), entries));
                List<String> timeoutKey = key(providerId, "timeout");
                if (timeout instanceof RequestTimeout.Limited limited) {
                    edits.add(ConfigEdit.set(timeoutKey, limited.millis()));
                } else if (timeout instanceof RequestTimeout.Unlimited) {
                    edits.add(ConfigEdit.set(timeoutKey, false));
                } else {
                    edits.add(ConfigEdit.remove(timeoutKey));
                }
                EditOutcome outcome = config.apply(edits);
                overridden(providerId, "whitelist").ifPresent(warnings::add);
                overridden(providerId, "timeout").ifPresent(warnings::add);
                return new ConfigSaved(outcome, warnings);
            }, blockingExecutor);
        });
    }

    @Override
    public CompletionStage<AgentOverview> agents() {
        return attempt(() -> {
            List<AgentStatus> agents = sources.agents().stream().map(agent -> new AgentStatus(agent.name(),
                    agent.description(), agent.builtIn(), agent.model(), agent.modelSourceKind(), agent.modelSource()))
                    .toList();
            List<String> warnings = new ArrayList<>();
            List<CompletableFuture<List<ModelRef>>> perProvider = new ArrayList<>();
            for (String providerId : credentials.providerNames().keySet()) {
                sources.catalog(providerId).ifPresent(modelCatalog ->
                        perProvider.add(allowedModels(providerId, modelCatalog, warnings)));
            }
            return CompletableFuture.allOf(perProvider.toArray(CompletableFuture[]::new)).thenApply(done -> {
                List<ModelRef> allowed = perProvider.stream()
                        .flatMap(models -> models.join().stream())
                        .sorted(Comparator.comparing(ModelRef::toString))
                        .toList();
                synchronized (warnings) {
                    return new AgentOverview(agents, allowed, warnings);
                }
            });
        });
    }

    @Override
    public CompletionStage<ConfigSaved> setAgentModel(String agentName, String model) {
        return attempt(() -> {
            Objects.requireNonNull(agentName, "agentName is null");
            ModelRef ref = ModelRef.parse(Objects.requireNonNull(model, "model is null").strip());
            AgentInfo agent = agent(agentName);
            String displayName = installed(ref.provider());
            ModelFilter filter = sources.modelFilter(ref.provider());
            if (!filter.allows(ref.model())) {
                throw CreorException.builder(ErrorCode.MODEL_NOT_ALLOWED, ref + " is not allowed for "
                                + displayName + ": " + filter.explainRejection(ref.model()))
                        .hint("tick it in the whitelist of " + displayName + " first, or pick another model")
                        .build();
            }
            List<String> warnings = new ArrayList<>();
            CompletionStage<Void> checked = sources.catalog(ref.provider())
                    .map(catalog -> checkAgainstCatalog(displayName, List.of(ref.model()), catalog, warnings))
                    .orElseGet(() -> CompletableFuture.completedFuture(null));
            return checked.thenApplyAsync(ignored -> {
                EditOutcome outcome = config.apply(List.of(
                        ConfigEdit.set(List.of("agent", agent.name(), "model"), ref.toString())));
                sources.overridingSource("/agent/" + agent.name() + "/model").ifPresent(source -> warnings.add(
                        "agent." + agent.name() + ".model is also set in " + source
                                + ", which takes precedence over the global config file"));
                return new ConfigSaved(outcome, warnings);
            }, blockingExecutor);
        });
    }

    @Override
    public AgentOptions agentOptions(String agentName) {
        AgentInfo agent = agent(agentName);
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> readOnly = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            Optional<Object> section = config.read(List.of("agent", agent.name()));
            if (section.isPresent() && section.get() instanceof Map<?, ?> keys) {
                for (String key : AgentOptions.EDITABLE) {
                    Object value = keys.get(key);
                    if (value != null) {
                        values.put(key, value);
                    }
                }
                if (keys.get("routing") != null) {
                    readOnly.add("routing " + plainJson(keys.get("routing")));
                }
                if (keys.get("headers") instanceof Map<?, ?> headers && !headers.isEmpty()) {
                    readOnly.add("headers " + headers.keySet() + " (values hidden)");
                }
            } else if (section.isPresent()) {
                notes.add("agent." + agent.name() + " in " + config.path() + " is not an object; saving replaces its"
                        + " options");
            }
        } catch (CreorException unreadable) {
            notes.add(unreadable.describe());
        }
        AgentOptions.EDITABLE.forEach(key -> overriddenAgentKey(agent.name(), key).ifPresent(notes::add));
        return new AgentOptions(agent.name(), values, readOnly, config.path(), notes);
    }

    @Override
    public CompletionStage<ConfigSaved> saveAgentOptions(String agentName, Map<String, Object> options) {
        return attempt(() -> {
            Map<String, Object> given = new LinkedHashMap<>(Objects.requireNonNull(options, "options is null"));
            for (String key : given.keySet()) {
                if (key.equals("routing") || key.equals("headers")) {
                    throw CreorException.builder(ErrorCode.USAGE, "the settings page does not write agent." + agentName
                                    + "." + key + ": " + AgentOptions.READ_ONLY_REASON)
                            .hint("set it in your global config file in an editor").build();
                }
                if (!AgentOptions.EDITABLE.contains(key)) {
                    throw CreorException.builder(ErrorCode.USAGE, "the settings page edits an agent's "
                                    + String.join(", ", AgentOptions.EDITABLE) + "; not \"" + printable(key) + "\"")
                            .hint("set other keys in your global config file in an editor").build();
                }
            }
            AgentInfo agent = agent(agentName);
            Map<String, Object> ordered = new LinkedHashMap<>();
            AgentOptions.EDITABLE.stream().filter(given::containsKey).forEach(key -> ordered.put(key, given.get(key)));
            // Checked as Creor will load it: the schema's own words, before anything is written.
            List<String> errors = sources.configErrors(plainJson(Map.of("agent", Map.of(agent.name(), ordered))));
            if (!errors.isEmpty()) {
                throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the options of " + agent.name()
                                + " were not saved: " + String.join("; ", errors))
                        .hint("correct the value; docs/config.md describes each key").build();
            }
            // Removals first: a member set after a removed one then follows its neighbour as typed.
            List<ConfigEdit> edits = new ArrayList<>();
            AgentOptions.EDITABLE.stream().filter(key -> !ordered.containsKey(key))
                    .forEach(key -> edits.add(ConfigEdit.remove(List.of("agent", agent.name(), key))));
            ordered.forEach((key, value) -> edits.add(ConfigEdit.set(List.of("agent", agent.name(), key), value)));
            EditOutcome outcome = config.apply(edits);
            List<String> warnings = new ArrayList<>();
            AgentOptions.EDITABLE.forEach(key -> overriddenAgentKey(agent.name(), key).ifPresent(warnings::add));
            return CompletableFuture.completedFuture(new ConfigSaved(outcome, warnings));
        });
    }

    /** The agent of that name, or {@code USAGE} with the names there are. */
    private AgentInfo agent(String agentName) {
        Objects.requireNonNull(agentName, "agentName is null");
        List<AgentInfo> agents = sources.agents();
        return agents.stream().filter(found -> found.name().equals(agentName)).findFirst()
                .orElseThrow(() -> CreorException.builder(ErrorCode.USAGE, "there is no agent called \""
                                + printable(agentName) + "\"" + Suggestions.didYouMean(agentName,
                                        agents.stream().map(AgentInfo::name).toList()))
                        .hint("the Agents section lists them").build());
    }

    private Optional<String> overriddenAgentKey(String agentName, String key) {
        return sources.overridingSource("/agent/" + agentName + "/" + key).map(source -> "agent." + agentName + "."
                + key + " is also set in " + source + ", which takes precedence over the global config file");
    }

    private static String plainJson(Object value) {
        try {
            return HttpAnswers.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a JSON-like value does not serialise", e);
        }
    }

    private CompletableFuture<List<ModelRef>> allowedModels(String providerId, ModelCatalog catalog,
            List<String> warnings) {
        ModelFilter filter = sources.modelFilter(providerId);
        return catalog.models().handle((models, failure) -> {
            if (failure != null) {
                synchronized (warnings) {
                    warnings.add("the models of " + displayName(providerId) + " could not be listed: "
                            + describe(unwrap(failure)));
                }
                return List.<ModelRef>of();
            }
            return models.stream()
                    .map(info -> new ModelRef(providerId, info.ref().model()))
                    .filter(ref -> filter.allows(ref.model()))
                    .toList();
        }).toCompletableFuture();
    }

    /**
     * Refuses an exact model id the catalog does not list, and warns about a pattern that matches
     * none of its models. A catalog that cannot be read is a warning: the ids are saved unchecked.
     */
    private CompletionStage<Void> checkAgainstCatalog(String displayName, List<String> entries,
            ModelCatalog catalog, List<String> warnings) {
        return catalog.models().handle((models, failure) -> {
            if (failure != null) {
                warnings.add("the ids were not checked against the models of " + displayName
                        + ", which could not be listed: " + describe(unwrap(failure)));
                return null;
            }
            Set<String> known = new LinkedHashSet<>();
            models.forEach(model -> known.add(model.ref().model()));
            for (String entry : entries) {
                if (entry.contains("*")) {
                    ModelFilter pattern = ModelFilter.of(List.of(entry), List.of());
                    if (known.stream().noneMatch(pattern::allows)) {
                        warnings.add("the pattern " + entry + " matches none of the models of "
                                + displayName + " today");
                    }
                } else if (!known.contains(entry)) {
                    throw CreorException.builder(ErrorCode.MODEL_NOT_FOUND, "\"" + entry + "\" is not a model of "
                                    + displayName + Suggestions.didYouMean(entry, known))
                            .hint("pick the model from the list; use * in a pattern such as openai/* to match "
                                    + "models that do not exist yet")
                            .build();
                }
            }
            return null;
        });
    }

    /** The whitelist entries, checked and without repeats, in the order given. */
    private static List<String> checkPatterns(String providerId, List<String> whitelist) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : List.copyOf(whitelist)) {
            String problem = null;
            if (entry.isBlank()) {
                problem = "an empty entry";
            } else if (entry.length() > LONGEST_MODEL_ID) {
                problem = "an entry longer than " + LONGEST_MODEL_ID + " characters";
            } else if (entry.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                problem = "\"" + printable(entry) + "\", which contains white space";
            } else if (entry.startsWith(providerId + "/")) {
                throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the whitelist entry \"" + entry
                                + "\" starts with the provider id")
                        .hint("write model ids as " + providerId + " knows them, without \"" + providerId + "/\": \""
                                + entry.substring(providerId.length() + 1) + "\"")
                        .build();
            } else if (!MODEL_ID_PATTERN.matcher(entry).matches()) {
                problem = "\"" + printable(entry) + "\", which is not a model id";
            }
            if (problem != null) {
                throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the whitelist has " + problem)
                        .hint("an entry is a model id such as anthropic/claude-sonnet-4, or a pattern such as openai/* "
                                + "where * matches any run of characters")
                        .build();
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private ModelCatalog catalogOf(String providerId) {
        String displayName = installed(providerId);
        return sources.catalog(providerId).orElseThrow(() -> CreorException.of(ErrorCode.USAGE,
                displayName + " offers no list of models"));
    }

    /** The installed provider's name for people. */
    private String installed(String providerId) {
        Objects.requireNonNull(providerId, "providerId is null");
        Map<String, String> installed = credentials.providerNames();
        String displayName = installed.get(providerId);
        if (displayName == null) {
            throw CreorException.builder(ErrorCode.USAGE, "no provider called \"" + printable(providerId)
                            + "\" is installed" + Suggestions.didYouMean(providerId, installed.keySet()))
                    .hint("`creor providers` lists the installed providers").build();
        }
        return displayName;
    }

    private String displayName(String providerId) {
        return credentials.providerNames().getOrDefault(providerId, providerId);
    }

    private ProviderStatus statusOf(String providerId) {
        return status(credentials.status(providerId));
    }

    private static ProviderStatus status(KeyListing.Entry entry) {
        return new ProviderStatus(entry.providerId(), entry.displayName(), entry.installed(), entry.keyRequired(),
                entry.sourceKind(), entry.source(), entry.maskedKey().orElse(""), entry.keyStored(), entry.checkable(),
                entry.environmentVariables(), entry.warnings());
    }

    private Optional<String> overridden(String providerId, String key) {
        return sources.overridingSource("/provider/" + providerId + "/" + key).map(source -> dotted(providerId, key)
                + " is also set in " + source + ", which takes precedence over the global config file");
    }

    private static List<String> key(String providerId, String key) {
        return List.of("provider", providerId, key);
    }

    private static String dotted(String providerId, String key) {
        return "provider." + providerId + "." + key;
    }

    private static String describe(Throwable failure) {
        return failure instanceof CreorException creor ? creor.getMessage()
                : failure.getClass().getSimpleName();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    /** Runs a step that may throw at once, turning the throw into a failed stage. */
    private static <T> CompletionStage<T> attempt(Supplier<CompletionStage<T>> step) {
        try {
            return step.get();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
