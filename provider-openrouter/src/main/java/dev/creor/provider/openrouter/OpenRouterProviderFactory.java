package dev.creor.provider.openrouter;

import dev.creor.provider.openrouter.internal.OpenRouterProvider;
import dev.creor.spi.Capability;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * The OpenRouter provider: hundreds of models from many vendors behind one key, with
 * OpenRouter's own fallbacks ({@code models}), routing preferences among upstream providers, a
 * model catalog and key inspection. Listed in {@code META-INF/services/dev.creor.spi.ProviderFactory}.
 *
 * <p>Model references are {@code openrouter/<vendor>/<model>[:variant]}, e.g.
 * {@code openrouter/anthropic/claude-sonnet-4} or {@code openrouter/meta-llama/llama-3.3-70b-instruct:free};
 * {@code openrouter/openrouter/auto} lets OpenRouter pick the model per prompt.
 *
 * <p>Its config section {@code provider.openrouter} takes, besides the keys every provider has
 * ({@code whitelist}, {@code blacklist}, {@code timeout}, {@code chunkTimeout},
 * {@code connectTimeout}), these {@code options}:
 * <ul>
 *   <li>{@code apiKey} — the key ({@code sk-or-...}); prefer {@code creor auth login openrouter}
 *       or the {@code OPENROUTER_API_KEY} environment variable</li>
 *   <li>{@code baseURL} — default {@code https://openrouter.ai/api/v1}</li>
 *   <li>{@code referer}, {@code title} — the {@code HTTP-Referer} and {@code X-OpenRouter-Title}
 *       (also sent as {@code X-Title}) attribution headers; default {@code https://creor.dev} and
 *       {@code Creor}</li>
 *   <li>{@code categories} — the {@code X-OpenRouter-Categories} attribution header, e.g.
 *       {@code ["cli-agent"]}; default none</li>
 *   <li>{@code catalogTtl} — how long the cached model list is used, in milliseconds; default one hour</li>
 *   <li>{@code maxConnections} — the most connections open at once; default 1000</li>
 * </ul>
 * and a {@code routing} object of OpenRouter's provider-routing preferences in camelCase
 * ({@code order}, {@code allowFallbacks}, {@code requireParameters}, {@code dataCollection},
 * {@code zdr}, {@code only}, {@code ignore}, {@code quantizations}, {@code sort},
 * {@code maxPrice}). See {@code docs/providers/openrouter.md}.
 */
public final class OpenRouterProviderFactory implements ProviderFactory {
    /** The provider id: the first segment of its model references and the key of its config section. */
    public static final String ID = "openrouter";

    /** The environment variable holding the key. */
    public static final String ENVIRONMENT_VARIABLE = "OPENROUTER_API_KEY";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder("OpenRouter")
            .credentialEnvironmentVariables(List.of(ENVIRONMENT_VARIABLE))
            .keyPrefix("sk-or-")
            .defaultBaseUrl(URI.create("https://openrouter.ai/api/v1"))
            .documentationUrl(URI.create("https://openrouter.ai/docs"))
            .configSchema(ConfigSchema.TEXT)
            .capabilities(EnumSet.of(Capability.STREAMING, Capability.TOOLS, Capability.REASONING,
                    Capability.NATIVE_FALLBACKS, Capability.MODEL_CATALOG, Capability.KEY_INFO))
            .requiresCredential(true)
            .build();

    /** Creates the factory; cheap, as the SPI requires: all work happens in {@link #create}. */
    public OpenRouterProviderFactory() {
    }

    /** {@value #ID}. */
    @Override
    public String id() {
        return ID;
    }

    /** OpenRouter's name, key variable and prefix, base URL, config schema and capabilities. */
    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * Creates the provider. It uses the host's Vert.x when the context shares one
     * ({@code context.sharedResource(io.vertx.core.Vertx.class)}), else starts its own and
     * stops it on close. A missing key is not an error here (the model catalog needs none); chat
     * requests then fail with {@code AUTH_MISSING}.
     *
     * @throws dev.creor.core.CreorException with {@code CONFIG_INVALID} naming the bad option or
     *                                       routing key
     */
    @Override
    public Provider create(ProviderSettings settings, ProviderContext context) {
        Objects.requireNonNull(settings, "settings is null");
        Objects.requireNonNull(context, "context is null");
        return OpenRouterProvider.create(settings, context);
    }
}
