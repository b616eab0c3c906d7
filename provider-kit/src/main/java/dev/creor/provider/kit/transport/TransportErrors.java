package dev.creor.provider.kit.transport;

import dev.creor.core.CreorException;

/**
 * How a service words the failures of the transport itself, which {@link HttpExchange} reports:
 * each service names itself and points at its own config keys, so the wording is the adapter's.
 * Time-limit errors are worded by {@link TimeLimits}.
 */
public interface TransportErrors {
    /** The connection to {@code target} (host and port) could not be opened. */
    CreorException connectFailed(String target, Throwable cause);

    /** The connection broke after the request was sent and before the response head arrived. */
    CreorException closedBeforeAnswer(String what, Throwable cause);

    /** The connection broke while the body was arriving; {@code cause} may be {@code null}. */
    CreorException interrupted(String what, Throwable cause);
}
