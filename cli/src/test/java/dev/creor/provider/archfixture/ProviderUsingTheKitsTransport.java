package dev.creor.provider.archfixture;

import dev.creor.provider.kit.transport.SseEventParser;

/** Deliberately breaks "only the kit and the built-in OpenRouter adapter use the kit's transport". */
public final class ProviderUsingTheKitsTransport {
    private ProviderUsingTheKitsTransport() {
    }

    static Object parser() {
        return new SseEventParser(1024);
    }
}
