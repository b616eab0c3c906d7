package dev.creor.runtime;

import dev.creor.core.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The config's {@code server} section: the settings of a gateway in front of a runtime, such as
 * {@code creor serve}. Each is absent when no config source sets it. The token is a
 * {@link Secret}: only trusted config sources may set it, and it never prints.
 */
public final class ServerSettings {
    private final Secret token;
    private final Integer maxConcurrent;
    private final Integer maxBodyBytes;

    private ServerSettings(Secret token, Integer maxConcurrent, Integer maxBodyBytes) {
        this.token = token;
        this.maxConcurrent = maxConcurrent;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Reads the section from the validated config's values (the schema has checked each type and range). */
    static ServerSettings of(Object section) {
        if (!(section instanceof Map<?, ?> values)) {
            return new ServerSettings(null, null, null);
        }
        Object token = values.get("token");
        return new ServerSettings(token instanceof Secret secret ? secret : null, integer(values.get("maxConcurrent")),
                integer(values.get("maxBodyBytes")));
    }

    private static Integer integer(Object value) {
        return value instanceof Number number ? number.intValue() : null;
    }

    /** {@code server.token}: the bearer token the gateway requires of every request. */
    public Optional<Secret> token() {
        return Optional.ofNullable(token);
    }

    /** {@code server.maxConcurrent}: how many answers may be under way at once. */
    public OptionalInt maxConcurrent() {
        return maxConcurrent == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrent);
    }

    /** {@code server.maxBodyBytes}: the largest request body accepted. */
    public OptionalInt maxBodyBytes() {
        return maxBodyBytes == null ? OptionalInt.empty() : OptionalInt.of(maxBodyBytes);
    }

    /** The settings, the token masked. */
    @Override
    public String toString() {
        return "ServerSettings[token=" + (token == null ? "none" : "set") + ", maxConcurrent=" + maxConcurrent
                + ", maxBodyBytes=" + maxBodyBytes + "]";
    }
}
