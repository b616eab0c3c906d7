package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.agents.AgentProblem;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
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
        try (Creor creor = CliRuntime.creor(context)) {
            Table table = new Table("NAME", "MODEL", "FROM", "DESCRIPTION");
            List<AgentProblem> problems = new ArrayList<>();
            for (CreorAgent agent : creor.agents()) {
                List<AgentProblem> own = agent.problems().toCompletableFuture().get();
                problems.addAll(own);
                if (json) {
                    context.out().println(Json.line(toJson(agent, own)));
                } else {
                    table.row(agent.name(), agent.model().toString(), agent.modelSource(), agent.description());
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

    private static ObjectNode toJson(CreorAgent agent, List<AgentProblem> problems) {
        ObjectNode node = Json.object().put("name", agent.name())
                .put("description", agent.description())
                .put("builtIn", agent.builtIn())
                .put("model", agent.model().toString())
                .put("modelSource", agent.modelSourceKind().name())
                .put("modelOrigin", agent.modelSource());
        ArrayNode fallbacks = node.putArray("fallbacks");
        agent.fallbacks().forEach(ref -> fallbacks.add(ref.toString()));
        ArrayNode problemsNode = node.putArray("problems");
        problems.forEach(problem -> problemsNode.addObject().put("code", problem.code().name())
                .put("message", problem.message()));
        return node;
    }
}
