package dev.creor.cli.archfixture.cycle.b;

import dev.creor.cli.archfixture.cycle.a.CycleStart;

/** The other half of a deliberate package cycle. */
public final class CycleEnd {
    private CycleEnd() {
    }

    static Class<?> other() {
        return CycleStart.class;
    }
}
