package dev.creor.cli.archfixture.cycle.a;

import dev.creor.cli.archfixture.cycle.b.CycleEnd;

/** One half of a deliberate package cycle. */
public final class CycleStart {
    private CycleStart() {
    }

    static Class<?> other() {
        return CycleEnd.class;
    }
}
