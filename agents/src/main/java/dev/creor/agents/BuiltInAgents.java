package dev.creor.agents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The agents that ship with Creor: {@code build} (the default: full coding work), {@code plan}
 * (analysis, no edits) and {@code explore} (fast, cheap look-ups).
 *
 * <p>None sets a model, so each uses the top-level {@code model} of the config, or Creor's
 * default, unless {@code agent.<name>.model} says otherwise.
 */
public final class BuiltInAgents {
    /** The agent used when none is named. */
    public static final String DEFAULT_AGENT = "build";

    private static final List<AgentDefinition> ALL = List.of(
            builtIn("build", "Full coding work: reads, edits and checks code (the default agent)."),
            builtIn("plan", "Analysis and planning: proposes steps and risks, makes no edits."),
            builtIn("explore", "Fast, cheap look-ups: finds files, symbols and call sites."));

    private BuiltInAgents() {
    }

    /** Every built-in agent, {@code build} first. */
    public static List<AgentDefinition> all() {
        return ALL;
    }

    private static AgentDefinition builtIn(String name, String description) {
        return AgentDefinition.builder(name).description(description).systemPrompt(prompt(name)).builtIn(true).build();
    }

    private static String prompt(String name) {
        String resource = name + ".md";
        try (InputStream in = BuiltInAgents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the built-in prompt " + resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in prompt " + resource, e);
        }
    }
}
