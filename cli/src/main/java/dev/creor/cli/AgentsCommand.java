package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.agents.AgentDefinition;
import dev.creor.agents.AgentProblem;
import dev.creor.agents.ResolvedAgent;
import dev.creor.runtime.internal.wiring.CreorRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creor agents}: every agent, the model it uses and where that was decided. */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = {"List the agents with their description, the model each one uses and where that was decided.",
            "Problems with an agent's models (unknown provider or model, not on the whitelist) are listed after "
                + "the table, and make the exit code 2."})
final class AgentsCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--json", description = "Print one JSON object per agent.")
    private boolean json;

    AgentsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (CreorRuntime runtime = CliRuntime.start(context)) {
            Table table = new Table("NAME", "MODEL", "FROM", "DESCRIPTION");
            List<AgentProblem> problems = new ArrayList<>();
            for (AgentDefinition definition : runtime.agents().agents()) {
                ResolvedAgent agent = runtime.agents().resolve(definition.name());
                List<AgentProblem> own = runtime.check(agent).toCompletableFuture().get();
                problems.addAll(own);
                if (json) {
                    context.out().println(Json.line(toJson(agent, own)));
                } else {
                    table.row(agent.name(), agent.model().model().toString(),
                            agent.model().describeSource(agent.name()), definition.description());
                }
            }
            if (!json) {
                table.print(context.out());
                for (AgentProblem problem : problems) {
                    context.err().println("creor: " + problem.message());
                }
            }
            context.out().flush();
            context.err().flush();
            return problems.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
        }
    }

    private static ObjectNode toJson(ResolvedAgent agent, List<AgentProblem> problems) {
        ObjectNode node = Json.object().put("name", agent.name())
                .put("description", agent.definition().description())
                .put("builtIn", agent.definition().builtIn())
                .put("model", agent.model().model().toString())
                .put("modelSource", agent.model().source().name())
                .put("modelOrigin", agent.model().describeSource(agent.name()));
        ArrayNode fallbacks = node.putArray("fallbacks");
        agent.fallbacks().forEach(ref -> fallbacks.add(ref.toString()));
        ArrayNode problemsNode = node.putArray("problems");
        problems.forEach(problem -> problemsNode.addObject().put("code", problem.code().name())
                .put("message", problem.message()));
        return node;
    }
}
