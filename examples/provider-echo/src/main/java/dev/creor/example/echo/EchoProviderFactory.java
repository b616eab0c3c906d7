package dev.creor.example.echo;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.spi.Capability;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;

/**
 * The {@code echo} provider: answers with the last user message, streamed word by word. It
 * needs no credential and no network, so it shows how a provider plugs into Creor and lets
 * people try Creor offline.
 *
 * <p>Every model id is accepted ({@code echo/any}); {@code echo/shout} answers in capitals.
 * Model ids of the form {@code error-<status>} or {@code error-429-retry-after-<seconds>}
 * simulate a failing service, to try routing and fallbacks: {@code echo/error-503} fails as
 * unavailable, {@code echo/error-429-retry-after-7} as rate limited for seven seconds.
 *
 * <p>Option {@code wordDelayMs} (0 by default) pauses between streamed words.
 */
public final class EchoProviderFactory implements ProviderFactory {
    /** The provider id. */
    public static final String ID = "echo";

    private static final String SCHEMA = """
            {
              "type": "object",
              "properties": {
                "options": {
                  "type": "object",
                  "description": "Options of the echo provider.",
                  "properties": {
                    "wordDelayMs": {
                      "type": "integer",
                      "minimum": 0,
                      "maximum": 60000,
                      "default": 0,
                      "x-creor-trust": "any",
                      "description": "Milliseconds to wait between streamed words, to watch streaming happen."
                    }
                  },
                  "additionalProperties": false
                }
              }
            }
            """;

    /** Creates the factory; ServiceLoader calls this, so it does nothing else. */
    public EchoProviderFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder("Echo")
                .requiresCredential(false)
                .documentationUrl(URI.create("https://creor.dev/docs/writing-a-provider"))
                .configSchema(SCHEMA)
                .capabilities(EnumSet.of(Capability.STREAMING, Capability.MODEL_CATALOG))
                .build();
    }

    @Override
    public Provider create(ProviderSettings settings, ProviderContext context) {
        return new EchoProvider(wordDelay(settings), context);
    }

    private static Duration wordDelay(ProviderSettings settings) {
        Object value = settings.option("wordDelayMs").orElse(0);
        long millis;
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            millis = ((Number) value).longValue();
        } else if (value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
            millis = decimal.longValue();
        } else {
            millis = -1;
        }
        if (millis < 0 || millis > 60_000) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "provider.echo.options.wordDelayMs must be a whole "
                            + "number of milliseconds from 0 to 60000; got " + value)
                    .hint("set it to 0 for no pause, or e.g. 50 to watch words arrive")
                    .build();
        }
        return Duration.ofMillis(millis);
    }
}
