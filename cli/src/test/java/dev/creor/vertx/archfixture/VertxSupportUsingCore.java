package dev.creor.vertx.archfixture;

import dev.creor.core.ErrorCode;

/** Deliberately breaks "vertx-support depends on no part of Creor". */
public final class VertxSupportUsingCore {
    private VertxSupportUsingCore() {
    }

    static String code() {
        return ErrorCode.TIMEOUT.name();
    }
}
