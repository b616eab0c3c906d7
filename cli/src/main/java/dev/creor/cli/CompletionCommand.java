package dev.creor.cli;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
import dev.creor.runtime.ProviderInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code creor completion bash|zsh}: prints a shell completion script for every command and
 * option, which also completes the values that depend on the configuration (agents, models,
 * providers) by asking {@code creor completion --candidates=KIND} as the user presses Tab.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for every command and option, and for the agents, models "
                + "and providers of the configuration in effect.",
            "bash: source <(creor completion bash)   (e.g. in ~/.bashrc)",
            "zsh:  source <(creor completion zsh)    (e.g. in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells a script can be generated for. */
    enum Shell { bash, zsh }

    /** The values completed from the configuration. */
    enum Candidates { agents, models, providers }

    /** The options whose values the script asks creor for; picocli's script completes nothing there. */
    private static final Map<String, Candidates> DYNAMIC = Map.of(
            "'-a'|'--agent'", Candidates.agents,
            "'-m'|'--model'", Candidates.models,
            "'--provider'", Candidates.providers);
    /** How long a Tab may wait for a model list that is not cached; the shell waits meanwhile. */
    private static final long MODEL_LIST_WAIT_SECONDS = 3;

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", description = "bash or zsh.")
    private Shell shell;

    @Option(names = "--candidates", paramLabel = "KIND",
            description = "Print the names the script completes, one per line: agents, models or providers.")
    private Candidates candidates;

    CompletionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (candidates != null) {
            printCandidates();
            return ExitCodes.OK;
        }
        if (shell == null) {
            throw CreorException.builder(ErrorCode.USAGE, "creor completion needs the shell: bash or zsh")
                    .hint("e.g. source <(creor completion bash)")
                    .build();
        }
        String script = withDynamicValues(AutoComplete.bash("creor", spec.root().commandLine()));
        if (shell == Shell.zsh) {
            // picocli's script is bash; zsh runs it through its bash-completion emulation.
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        context.out().print(script);
        context.out().flush();
        return ExitCodes.OK;
    }

    /** picocli leaves an option's value to the shell's default; these ask creor for the names. */
    static String withDynamicValues(String script) {
        String result = script;
        for (Map.Entry<String, Candidates> option : DYNAMIC.entrySet()) {
            Matcher empty = Pattern.compile("(    " + Pattern.quote(option.getKey()) + "\\)\n)(      return\n)")
                    .matcher(result);
            StringBuilder out = new StringBuilder();
            while (empty.find()) {
                empty.appendReplacement(out, Matcher.quoteReplacement(empty.group(1)
                        + "      COMPREPLY=( $(compgen -W \"$(\"${COMP_WORDS[0]}\" completion --candidates="
                        + option.getValue() + " 2>/dev/null)\" -- \"${curr_word}\") )\n" + empty.group(2)));
            }
            empty.appendTail(out);
            result = out.toString();
        }
        return result;
    }

    private void printCandidates() {
        try (Creor creor = CliRuntime.creor(context)) {
            List<String> names = switch (candidates) {
                case agents -> creor.agents().stream().map(CreorAgent::name).toList();
                case providers -> creor.providers().stream().filter(ProviderInfo::enabled).map(ProviderInfo::id).toList();
                case models -> models(creor);
            };
            names.stream().sorted().forEach(context.out()::println);
            context.out().flush();
        }
    }

    private static List<String> models(Creor creor) {
        try {
            return creor.models(false).toCompletableFuture()
                    .get(MODEL_LIST_WAIT_SECONDS, TimeUnit.SECONDS).stream()
                    .map(ModelInfo::ref).map(Object::toString).toList();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception unavailable) {
            return List.of(); // no completion rather than an error in the middle of the user's line
        }
    }
}
