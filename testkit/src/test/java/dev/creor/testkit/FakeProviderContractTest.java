package dev.creor.testkit;

import java.util.Set;

/** A provider that keeps the contract passes the whole suite. */
class FakeProviderContractTest extends FakeContract {
    @Override
    Set<Defect> defects() {
        return Set.of();
    }
}
