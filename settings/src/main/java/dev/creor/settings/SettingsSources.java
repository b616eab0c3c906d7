package dev.creor.settings;

import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.runtime.AgentInfo;
import java.util.List;
import java.util.Optional;

/**
 * What {@link DefaultSettingsBackend} needs from Creor's runtime: the providers' model catalogs,
 * and the agents and model filters of the configuration <em>as it is now</em>. The page changes
 * the global config file, so implementations load the configuration afresh on every call rather
 * than keep the one read at start-up.
 */
public interface SettingsSources {

    /** The provider's model catalog, when the provider is installed and offers one. */
    Optional<ModelCatalog> catalog(String providerId);

    /** The agents of the merged configuration that are not disabled, the built-in ones first. */
    List<AgentInfo> agents();

    /** The provider's whitelist and blacklist in the merged configuration. */
    ModelFilter modelFilter(String providerId);

    /**
     * The source that decides the value at a JSON pointer (such as
     * {@code /provider/openrouter/whitelist}) when it is not the global config file: a project
     * file, {@code CREOR_CONFIG}, {@code CREOR_CONFIG_CONTENT} or a flag, described for people
     * with its position (such as {@code /home/ada/project/creor.json:7:18}). Empty when the
     * global file or the default decides. The page warns that a saved value is overridden.
     */
    default Optional<String> overridingSource(String jsonPointer) {
        return Optional.empty();
    }

    /**
     * The errors Creor's config schema and config rules find in {@code json}, config text checked
     * on its own as a trusted file is, each as {@code "/json/pointer: message"} in the schema's
     * words (such as {@code /agent/build/temperature: expected a number from 0 to 2, got 5});
     * empty when Creor would load it. The page checks what it is about to write with it.
     */
    List<String> configErrors(String json);
}
