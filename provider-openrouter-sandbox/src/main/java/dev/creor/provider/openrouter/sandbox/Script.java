package dev.creor.provider.openrouter.sandbox;

import java.util.List;

/**
 * A sequence of steps and how far it has been consumed: each answer takes the next step, a
 * step with {@code times} answers that many requests, and the last step repeats for ever.
 * Not thread-safe; {@link Scripts} guards the shared ones.
 */
final class Script {
    private final List<SandboxBehaviour> steps;
    private int step;
    private int usedOfStep;

    Script(List<SandboxBehaviour> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a script needs at least one step");
        }
        this.steps = List.copyOf(steps);
    }

    SandboxBehaviour next() {
        SandboxBehaviour current = steps.get(step);
        usedOfStep++;
        if (usedOfStep >= current.times() && step < steps.size() - 1) {
            step++;
            usedOfStep = 0;
        }
        return current;
    }
}
