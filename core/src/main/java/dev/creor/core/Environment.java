package dev.creor.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Read access to environment variables.
 *
 * <p>Library code reads the environment only through this port, so that tests and embedders
 * can pass a map instead of the process environment. An empty value counts as unset, which is
 * what users mean by {@code FOO= creor run ...}.
 */
@FunctionalInterface
public interface Environment {

    /** The variable's value, or empty when it is unset or empty. */
    Optional<String> get(String name);

    /** An environment holding exactly the given variables. */
    static Environment of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return name -> {
            Objects.requireNonNull(name, "name is null");
            return Optional.ofNullable(copy.get(name)).filter(value -> !value.isEmpty());
        };
    }

    /** An environment with no variables at all. */
    static Environment empty() {
        return of(Map.of());
    }
}
