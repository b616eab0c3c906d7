package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.Secret;
import dev.creor.spi.KeyInfo;
import dev.creor.spi.KeyInspector;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * OpenRouter's {@code GET /key}: the label, limit, remaining credit, usage and tier of a key.
 * A rejected key completes with {@code AUTH_INVALID}, carrying the hint on how to set one.
 */
final class OpenRouterKeyInspector implements KeyInspector {
    private final OpenRouterTransport transport;

    OpenRouterKeyInspector(OpenRouterTransport transport) {
        this.transport = transport;
    }

    @Override
    public CompletionStage<KeyInfo> inspect(Secret key) {
        Objects.requireNonNull(key, "key is null");
        OpenRouterErrors errors = transport.errors(key);
        return transport.getJson("/key", key, errors, "the key").thenApply(body -> {
            Wire.KeyResponse response;
            try {
                response = Json.read(body, Wire.KeyResponse.class);
            } catch (IOException e) {
                throw errors.malformed("the key", "it is not JSON (" + Json.problem(e) + ")");
            }
            if (response == null || response.data() == null) {
                throw errors.malformed("the key", "it has no \"data\" object");
            }
            return keyInfo(response.data(), errors);
        });
    }

    static KeyInfo keyInfo(Wire.KeyData data, OpenRouterErrors errors) {
        KeyInfo.Builder info = KeyInfo.builder();
        if (data.label() != null) {
            info.label(errors.scrub(data.label()));
        }
        ifPresent(data.limit(), info::limit);
        ifPresent(data.limitRemaining(), info::limitRemaining);
        if (data.limitReset() != null && !data.limitReset().isBlank()) {
            info.limitReset(data.limitReset());
        }
        ifPresent(data.usage(), info::usage);
        ifPresent(data.usageDaily(), info::usageDaily);
        ifPresent(data.usageWeekly(), info::usageWeekly);
        ifPresent(data.usageMonthly(), info::usageMonthly);
        info.freeTier(Boolean.TRUE.equals(data.isFreeTier()));
        if (data.expiresAt() != null && !data.expiresAt().isBlank()) {
            try {
                info.expiresAt(OffsetDateTime.parse(data.expiresAt()).toInstant());
            } catch (DateTimeParseException notOffset) {
                try {
                    info.expiresAt(Instant.parse(data.expiresAt()));
                } catch (DateTimeParseException unreadable) {
                    throw errors.malformed("the key", "expires_at is not a time: \"" + data.expiresAt() + "\"");
                }
            }
        }
        return info.build();
    }

    private static void ifPresent(JsonNode amount, java.util.function.Consumer<BigDecimal> setter) {
        BigDecimal value = Json.decimal(amount);
        if (value != null) {
            setter.accept(value);
        }
    }
}
