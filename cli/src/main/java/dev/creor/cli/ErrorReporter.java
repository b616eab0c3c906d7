package dev.creor.cli;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.internal.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;

/**
 * Turns whatever a command throws into one clear line on standard error and a stable exit code.
 * Stack traces appear only with {@code --debug}; they are never the user's only clue.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private final PrintWriter err;
    private final DebugOption debug;

    ErrorReporter(PrintWriter err, DebugOption debug) {
        this.err = err;
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine,
                                        CommandLine.ParseResult parseResult) {
        return report(exception);
    }

    @Override
    public int handleParseException(CommandLine.ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        err.println("creor: " + describe(exception));
        err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' to see the usage.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * The problem in one line, in Creor's words rather than picocli's ("Unmatched argument at
     * index 0", "Unknown options: '--temprature', '1'"), with a did-you-mean when something is close.
     */
    static String describe(CommandLine.ParameterException exception) {
        CommandLine.Model.CommandSpec spec = exception.getCommandLine().getCommandSpec();
        String command = "'" + spec.qualifiedName() + "'";
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0);
            if (typed.startsWith("-") && typed.length() > 1) {
                String option = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
                List<String> options = new ArrayList<>();
                spec.options().forEach(known -> options.addAll(List.of(known.names())));
                if (option.equals("-V") || option.equals("--version")) {
                    return "unknown option \"" + option + "\" for " + command + "; the version is 'creor --version'";
                }
                // One letter is too little to guess from: every short option would be "close".
                return "unknown option \"" + option + "\" for " + command
                        + (option.length() <= 2 ? "" : Suggestions.didYouMean(option, options));
            }
            if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
                return "unknown command \"" + typed + "\" for " + command
                        + Suggestions.didYouMean(typed, new ArrayList<>(spec.subcommands().keySet()));
            }
            if (spec.optionsMap().containsKey("--provider") && spec.positionalParameters().isEmpty()) {
                // 'creor models oaicompat': a provider written where the command takes it as an option.
                return "unexpected argument \"" + typed + "\" for " + command + "; to name a provider, use --provider: '"
                        + spec.qualifiedName() + " --provider " + typed + "'";
            }
            return "unexpected argument \"" + typed + "\" for " + command;
        }
        String message = exception.getMessage();
        return message.isEmpty() ? "invalid usage of " + command
                : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /** Reports a failure and returns the exit code it implies. */
    int report(Throwable thrown) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof CreorException error) {
            err.println("creor: " + error.getMessage());
            error.hint().ifPresent(hint -> err.println("  hint: " + hint));
            printTraceWhenDebugging(error);
            err.flush();
            return ExitCodes.of(error.code());
        }
        if (failure instanceof CancellationException) {
            err.println("creor: cancelled");
            err.flush();
            return ExitCodes.of(ErrorCode.CANCELLED);
        }
        err.println("creor: internal error: " + failure
                + (debug.enabled() ? "" : " (run again with --debug for details, and please report it)"));
        printTraceWhenDebugging(failure);
        err.flush();
        return ExitCodes.FAILURE;
    }

    private void printTraceWhenDebugging(Throwable failure) {
        if (debug.enabled()) {
            failure.printStackTrace(err);
        }
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        while ((current instanceof CompletionException || current instanceof ExecutionException
                || current instanceof CommandLine.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
