package dev.creor.settings;

import dev.creor.core.catalog.ModelInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What the settings page can see and change, for {@link SettingsServer}. The server calls every
 * method on a worker thread, never on an event loop, so implementations may block (read files,
 * wait for a lock); methods that ask a provider return a {@link CompletionStage}.
 *
 * <p>Bad input is refused with a {@link dev.creor.core.CreorException} whose message the page
 * shows as it is, and nothing is written: {@code USAGE} for an unknown provider or agent,
 * {@code AUTH_MISSING}/{@code AUTH_INVALID} for a key that is empty, malformed or rejected,
 * {@code CONFIG_INVALID} for a value that is not allowed, {@code MODEL_NOT_FOUND} and
 * {@code MODEL_NOT_ALLOWED} for a model the catalog or the provider's filter does not offer.
 * No result, message or exception carries a key in clear.
 *
 * <p>{@link DefaultSettingsBackend} is the implementation Creor uses.
 */
public interface SettingsBackend {

    /** Every installed provider, and every provider with a stored key, with its credential status. */
    ProviderOverview providers();

    /**
     * Stores a key for a provider, as {@code creor auth login} does.
     *
     * @param keyText the key as typed; surrounding white space is dropped
     * @param verify  whether to ask the provider about the key first (a rejected key is not stored)
     */
    CompletionStage<KeySaved> saveKey(String providerId, String keyText, boolean verify);

    /** Removes the stored key of a provider, as {@code creor auth logout} does. */
    KeyRemoved removeKey(String providerId);

    /** Asks the provider about the key in effect: its label, limit, remaining credit and usage. */
    CompletionStage<KeyCheck> verifyKey(String providerId);

    /** Every model the provider's catalog lists. */
    CompletionStage<List<ModelInfo>> models(String providerId);

    /** The provider's whitelist and request timeout as the global config file sets them. */
    ProviderPreferences preferences(String providerId);

    /**
     * Writes the provider's whitelist and request timeout into the global config file; an empty
     * whitelist and {@link RequestTimeout.Default} remove the keys.
     *
     * @param whitelist model ids, or patterns where {@code *} matches any run of characters
     */
    CompletionStage<ConfigSaved> savePreferences(String providerId, List<String> whitelist, RequestTimeout timeout);

    /** Every agent with the model it resolves to, and the models it may be given. */
    CompletionStage<AgentOverview> agents();

    /**
     * Writes {@code agent.<name>.model} into the global config file.
     *
     * @param model a model reference, {@code provider/model-id}
     */
    CompletionStage<ConfigSaved> setAgentModel(String agentName, String model);

    /** The agent's request options as the global config file sets them (see {@link AgentOptions}). */
    AgentOptions agentOptions(String agentName);

    /**
     * Writes the agent's request options into the global config file: each of
     * {@link AgentOptions#EDITABLE} that {@code options} holds is set to its value, each it does
     * not hold is removed, all in one atomic replacement of the file. The values are checked
     * against Creor's config schema first, and refused with its message ({@code CONFIG_INVALID})
     * when Creor would not load them; nothing is written then.
     *
     * @param options JSON-like values by key, e.g. {@code temperature → 0.2},
     *                {@code reasoning → {effort: high}}; a key outside {@link AgentOptions#EDITABLE}
     *                (such as the trusted-only {@code routing} and {@code headers}) is refused
     *                with {@code USAGE}
     */
    CompletionStage<ConfigSaved> saveAgentOptions(String agentName, Map<String, Object> options);
}
