package dev.creor.core;

/** Documented type with undocumented members, to prove the check finds them. */
public final class Undocumented {
    public static final int CONSTANT = 1;

    /** Documented. */
    public Undocumented() {
    }

    public void undocumentedMethod() {
    }

    @Override
    public String toString() {
        return "inherits its documentation";
    }

    private void privateNeedsNothing() {
    }

    public interface NestedWithoutDocs {
        void implicitlyPublic();
    }

    public enum Colour {
        RED
    }
}
