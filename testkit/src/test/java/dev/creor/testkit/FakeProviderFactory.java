package dev.creor.testkit;

import dev.creor.spi.Capability;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A provider whose "backend" is in memory and which can be given {@link Defect}s. Models:
 * {@code ok} answers the last user message, {@code long} answers 40 words, {@code 401},
 * {@code 429}, {@code 429-7} (Retry-After 7 s) and {@code 503} fail like those statuses. The
 * credential {@code fk-good} is accepted; any other is rejected.
 */
public class FakeProviderFactory implements ProviderFactory {
    private final Set<Defect> defects;

    public FakeProviderFactory() {
        this(Set.of());
    }

    FakeProviderFactory(Set<Defect> defects) {
        this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
    }

    @Override
    public String id() {
        return defects.contains(Defect.INVALID_ID) ? "Fake" : "fake";
    }

    @Override
    public ProviderDescriptor descriptor() {
        String schema = defects.contains(Defect.SCHEMA_NOT_JSON) ? "{\"type\": \"object\",}"
                : defects.contains(Defect.SCHEMA_NOT_A_SCHEMA) ? "{\"type\": \"objekt\"}"
                : defects.contains(Defect.SCHEMA_REJECTS_OPTIONS)
                ? "{\"type\":\"object\",\"properties\":{\"options\":{\"type\":\"object\",\"additionalProperties\":false}}}"
                : "{\"type\":\"object\",\"properties\":{\"options\":{\"type\":\"object\",\"properties\":"
                        + "{\"greeting\":{\"type\":\"string\"}},\"additionalProperties\":false}}}";
        return ProviderDescriptor.builder("Fake")
                .credentialEnvironmentVariables(List.of(defects.contains(Defect.UNCONVENTIONAL_ENVIRONMENT_VARIABLE)
                        ? "fake_key" : "FAKE_API_KEY"))
                .keyPrefix("fk-")
                .defaultBaseUrl(URI.create("https://fake.example/api"))
                .configSchema(schema)
                .capabilities(EnumSet.of(Capability.STREAMING, Capability.MODEL_CATALOG))
                .build();
    }

    @Override
    public Provider create(ProviderSettings settings, ProviderContext context) {
        return new FakeProvider(id(), settings, defects);
    }
}
