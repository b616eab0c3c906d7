package dev.creor.cli.archfixture;

import dev.creor.agents.AgentProblem;
import dev.creor.config.ValidationReport;
import dev.creor.core.ModelRef;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorSetup;
import java.util.List;

/** A command on the facade, core and the values the runtime hands out: what the public-API rule allows. */
public final class CommandOnTheFacade {
    private CommandOnTheFacade() {
    }

    static String describe(Creor creor, CreorSetup setup, List<AgentProblem> problems) {
        ValidationReport report = setup.validation();
        return creor.agent("build").withModel(ModelRef.parse("openrouter/openai/gpt-4o"), "--model") + report.renderText()
                + problems.size();
    }
}
