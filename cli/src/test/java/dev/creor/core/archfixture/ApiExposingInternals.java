package dev.creor.core.archfixture;

import dev.creor.core.internal.chat.ChatResponseCollector;
import java.util.List;

/** Deliberately breaks "the API exposes no internal type": in a return type and inside a parameter's generics. */
public final class ApiExposingInternals {
    private ApiExposingInternals() {
    }

    /** Exposes an internal type as its result. */
    public static ChatResponseCollector collector() {
        return new ChatResponseCollector();
    }

    /** Exposes an internal type as a type argument of a parameter. */
    public static int count(List<ChatResponseCollector> collectors) {
        return collectors.size();
    }

    /** Not API: may use what it likes. */
    static ChatResponseCollector hidden() {
        return new ChatResponseCollector();
    }
}
