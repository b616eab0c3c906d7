package dev.creor.cli;

import dev.creor.agents.AgentProblem;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * What {@code doctor} reports about the agents ({@code config validate} asks its setup the same): the runtime's own
 * agent check ({@link CreorAgent#offlineProblems()}, the one {@code creor agents} runs), against
 * the catalogs at hand so that checking a config sends nothing.
 */
final class OfflineAgentCheck {
    private OfflineAgentCheck() {
    }

    /** Every problem of every agent's models, agent by agent. */
    static List<AgentProblem> problems(Creor creor) {
        List<AgentProblem> problems = new ArrayList<>();
        for (CreorAgent agent : creor.agents()) {
            try {
                problems.addAll(agent.offlineProblems().toCompletableFuture().get());
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof CreorException error ? error
                        : CreorException.builder(ErrorCode.INTERNAL, "checking agent " + agent.name() + " failed: "
                                + failed.getCause()).build();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw CreorException.of(ErrorCode.CANCELLED, "interrupted");
            }
        }
        return problems;
    }
}
