package dev.creor.config;

import dev.creor.config.internal.SchemaChecker;
import dev.creor.config.internal.SchemaComposer;
import dev.creor.config.internal.TrustRules;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.json.JSONObject;

/**
 * The JSON Schema configuration is validated against: the core schema (published as
 * {@code docs/creor.schema.json}) composed with each provider's schema fragment.
 *
 * <p>Config does not know which providers exist: the application passes every discovered
 * provider's fragment ({@code ProviderDescriptor.configSchema()}), disabled ones included, so
 * that a section for a disabled provider is still checked and {@code provider.openroutr} is
 * reported as an unknown provider with a suggestion. Composing is not free, so a schema is
 * immutable and meant to be reused; {@link #withProviders} also reuses the last schema it built
 * for the same fragments.
 */
public final class ConfigSchema {
    private static final ConfigSchema CORE = new ConfigSchema(null, new JSONObject(SchemaComposer.coreSchemaText()));
    private static volatile ConfigSchema lastComposed;

    private final Map<String, String> fragments;
    private final JSONObject json;
    private final SchemaChecker checker;
    private final TrustRules trustRules;

    private ConfigSchema(Map<String, String> fragments, JSONObject json) {
        this.fragments = fragments;
        this.json = json;
        this.checker = new SchemaChecker(json, fragments == null ? null : fragments.keySet());
        this.trustRules = new TrustRules(json);
    }

    /**
     * The core schema alone: any {@code provider.<id>} is accepted and checked against the core
     * section keys, with its {@code options} unchecked. For tools and tests that know no providers.
     */
    public static ConfigSchema core() {
        return CORE;
    }

    /**
     * The core schema composed with these providers' fragments; a section for any other
     * provider id is an error.
     *
     * @param fragments each provider's config-section schema (JSON text) by provider id
     * @throws CreorException with {@link ErrorCode#PLUGIN_INVALID} naming the provider whose
     *                        fragment is not a JSON object or not a valid JSON Schema
     */
    public static ConfigSchema withProviders(Map<String, String> fragments) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(fragments, "fragments is null"));
        ConfigSchema last = lastComposed;
        if (last != null && copy.equals(last.fragments)) {
            return last;
        }
        JSONObject composed;
        try {
            composed = SchemaComposer.compose(SchemaComposer.coreSchemaText(), copy);
        } catch (SchemaComposer.InvalidFragmentException e) {
            throw CreorException.builder(ErrorCode.PLUGIN_INVALID, e.getMessage())
                    .hint("update or remove the plugin that provides \"" + e.providerId() + "\"")
                    .build();
        }
        ConfigSchema schema = new ConfigSchema(copy, composed);
        lastComposed = schema;
        return schema;
    }

    /**
     * This schema with sections of the users' own names served by installed providers
     * ({@code provider.ollama} with {@code "type": "openai-compatible"}): each such section is
     * checked against its type's fragment, as if the provider had that id. Names that are already
     * provider ids, and types no provider has, are left as they are (the section is then
     * reported like any unknown one). The core schema, which accepts any section, is returned as it is.
     *
     * @param typedSections the type of each section that names one, by section name
     */
    ConfigSchema withTypedSections(Map<String, String> typedSections) {
        if (fragments == null) {
            return this;
        }
        Map<String, String> composed = new LinkedHashMap<>(fragments);
        typedSections.forEach((name, type) -> {
            if (!fragments.containsKey(name) && fragments.containsKey(type)) {
                composed.put(name, fragments.get(type));
            }
        });
        return composed.size() == fragments.size() ? this : withProviders(composed);
    }

    /** The core schema's text, exactly as published in {@code docs/creor.schema.json}. */
    public static String coreSchemaJson() {
        return SchemaComposer.coreSchemaText();
    }

    /** The provider ids this schema knows, or empty for {@link #core()}, which accepts any. */
    public Optional<Set<String>> providerIds() {
        return fragments == null ? Optional.empty() : Optional.of(fragments.keySet());
    }

    /** The composed schema as JSON text, e.g. for an editor that should know the providers' options. */
    public String toJson() {
        return json.toString(2);
    }

    /** Which keys need a trusted source, as the schema's {@code x-creor-trust} marks say. */
    TrustRules trustRules() {
        return trustRules;
    }

    SchemaChecker checker() {
        return checker;
    }

    /** The providers it knows. */
    @Override
    public String toString() {
        return "ConfigSchema[" + (fragments == null ? "core" : "providers=" + fragments.keySet()) + "]";
    }
}
