package com.example.acme;

import dev.creor.spi.Capability;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;

/**
 * Acme, a made-up service that speaks OpenAI's chat completions: the whole provider. The kit
 * does the HTTP, the streaming, the errors and the model list; this class says where Acme is.
 * Model references are {@code acme/<model>}; the key comes from {@code ACME_API_KEY},
 * {@code creor auth login acme} or {@code provider.acme.options.apiKey}.
 */
public final class AcmeProviderFactory implements ProviderFactory {
    static final URI DEFAULT_BASE_URL = URI.create("https://api.acme.example/v1");

    private static final String SCHEMA = """
            {
              "type": "object",
              "properties": {
                "options": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "apiKey": {"type": "string", "minLength": 1, "description": "The Acme key; prefer ACME_API_KEY."},
                    "baseURL": {"type": "string", "pattern": "^https?://[^\\\\s?#]+$",
                                "description": "Acme's API. Default: https://api.acme.example/v1"}
                  }
                }
              }
            }
            """;

    /** Cheap, as the SPI asks: the work happens in {@link #create}. */
    public AcmeProviderFactory() {
    }

    @Override
    public String id() {
        return "acme";
    }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder("Acme")
                .credentialEnvironmentVariables(List.of("ACME_API_KEY"))
                .requiresCredential(true)
                .defaultBaseUrl(DEFAULT_BASE_URL)
                .configSchema(SCHEMA)
                .capabilities(EnumSet.of(Capability.STREAMING, Capability.TOOLS, Capability.MODEL_CATALOG))
                .build();
    }

    @Override
    public Provider create(ProviderSettings settings, ProviderContext context) {
        URI baseUrl = settings.stringOption("baseURL").map(URI::create).orElse(DEFAULT_BASE_URL);
        ProviderContext.Kit.OpenAiCompatible acme = ProviderContext.Kit.OpenAiCompatible.builder("Acme", baseUrl).build();
        return context.kit().openAiCompatible(acme, settings);
    }
}
