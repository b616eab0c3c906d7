package dev.creor.provider.openaicompatible;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.spi.Capability;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Any server that speaks OpenAI's chat completions: Ollama, vLLM, LM Studio, llama.cpp's server,
 * and hosted services such as Groq, DeepSeek or Together. Model references are
 * {@code openai-compatible/<model>}, or {@code <name>/<model>} for a named endpoint
 * ({@code provider.<name>} with {@code "type": "openai-compatible"}). It configures the
 * {@linkplain ProviderContext.Kit#openAiCompatible provider kit}; see docs/providers/openai-compatible.md.
 *
 * <p>Options: {@code baseURL} (required; plain {@code http} only to loopback), {@code apiKey}
 * (optional: a local server usually takes none), {@code headers} (sent with every request),
 * {@code models} (offered instead of asking {@code /models}), {@code name} (for messages).
 */
public final class OpenAiCompatibleProviderFactory implements ProviderFactory {
    /** The provider id, and the {@code type} a named endpoint's section gives. */
    public static final String ID = "openai-compatible";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder("OpenAI-compatible")
            .requiresCredential(false)
            .needsConfiguration(true)
            .configSchema(ConfigSchema.TEXT)
            .capabilities(EnumSet.of(Capability.STREAMING, Capability.TOOLS, Capability.REASONING,
                    Capability.MODEL_CATALOG))
            .build();

    /** Creates the factory; cheap: all work happens in {@link #create}. */
    public OpenAiCompatibleProviderFactory() {
    }

    /** {@value #ID}. */
    @Override
    public String id() {
        return ID;
    }

    /** No credential required, the options' schema, streaming, tools, reasoning and a model list. */
    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * Creates the provider for the endpoint the options describe. Creor creates it only for a
     * section that configures it ({@link ProviderDescriptor#needsConfiguration()}), and the schema
     * requires {@code baseURL} there.
     *
     * @throws CreorException with {@code CONFIG_INVALID} when {@code baseURL} is missing, not an
     *                        http(s) URL, or plain http to a host that is not this machine
     */
    @Override
    public Provider create(ProviderSettings settings, ProviderContext context) {
        Objects.requireNonNull(settings, "settings is null");
        Objects.requireNonNull(context, "context is null");
        String id = settings.providerId();
        String baseUrl = settings.stringOption("baseURL").orElseThrow(() -> CreorException.builder(
                        ErrorCode.CONFIG_INVALID, "provider \"" + id + "\" has no base URL")
                .hint("set provider." + id + ".options.baseURL to the server's OpenAI-compatible API, e.g."
                        + " http://127.0.0.1:11434/v1 for Ollama (see docs/providers/openai-compatible.md)")
                .build());
        URI url;
        try {
            url = URI.create(baseUrl);
        } catch (IllegalArgumentException malformed) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "provider." + id + ".options.baseURL is not a URL: "
                    + baseUrl).hint("write it as http://127.0.0.1:11434/v1 or https://api.example.com/v1").build();
        }
        ProviderContext.Kit.OpenAiCompatible.Builder service = ProviderContext.Kit.OpenAiCompatible
                .builder(settings.stringOption("name").orElse(id), url)
                .headers(strings(settings.option("headers").orElse(Map.of())))
                .models(list(settings.option("models").orElse(List.of())));
        return context.kit().openAiCompatible(service.build(), settings);
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, text) -> headers.put(String.valueOf(name), String.valueOf(text)));
        }
        return headers;
    }

    private static List<String> list(Object value) {
        List<String> models = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(item -> models.add(String.valueOf(item)));
        }
        return models;
    }
}
