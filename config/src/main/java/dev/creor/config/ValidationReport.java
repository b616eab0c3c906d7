package dev.creor.config;

import dev.creor.config.internal.JsonText;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of checking configuration: the sources read and every problem found, in one
 * pass. The configuration is valid when no problem is an error (warnings are allowed).
 *
 * <p>{@link #renderText()} is what {@code creor config validate} prints, {@link #renderJson()}
 * what it prints with {@code --json}; {@link #isValid()} decides how it exits.
 */
public final class ValidationReport {
    private static final int MOST_PROBLEMS_IN_AN_EXCEPTION = 20;

    private final List<ConfigSource> sources;
    private final List<ConfigProblem> problems;

    private ValidationReport(List<ConfigSource> sources, List<ConfigProblem> problems) {
        this.sources = List.copyOf(sources);
        this.problems = List.copyOf(problems);
    }

    /** A report of these sources and problems, in the order given. */
    public static ValidationReport of(List<ConfigSource> sources, List<ConfigProblem> problems) {
        return new ValidationReport(Objects.requireNonNull(sources, "sources is null"),
                Objects.requireNonNull(problems, "problems is null"));
    }

    /** The sources that were read, lowest precedence first. */
    public List<ConfigSource> sources() {
        return sources;
    }

    /** Every problem, by source (lowest precedence first), then line and column. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The problems that make the configuration unusable. */
    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    /** The problems that do not. */
    public List<ConfigProblem> warnings() {
        return problems.stream().filter(problem -> !problem.isError()).toList();
    }

    /** Whether no problem is an error. */
    public boolean isValid() {
        return problems.stream().noneMatch(ConfigProblem::isError);
    }

    /**
     * One line per problem, then a summary line, each ending with a newline:
     * <pre>
     * creor.json:4:7: /agent/build/modle: unknown key "modle" (did you mean "model"?)
     * configuration is invalid: 1 error
     * </pre>
     */
    public String renderText() {
        StringBuilder out = new StringBuilder();
        for (ConfigProblem problem : problems) {
            out.append(problem.render()).append('\n');
        }
        return out.append(summary()).append('\n').toString();
    }

    /**
     * One line of JSON:
     * {@code {"valid":false,"sources":[{"kind":"project-file","source":"creor.json","path":"/abs/creor.json","trusted":false}],
     * "problems":[{"severity":"error","source":"creor.json","line":4,"column":7,"pointer":"/agent/build/modle",
     * "message":"unknown key \"modle\" (did you mean \"model\"?)","suggestion":"model"}]}}. Line, column,
     * path and suggestion are {@code null} when absent.
     */
    public String renderJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", isValid());
        List<Object> sourceList = new ArrayList<>();
        for (ConfigSource source : sources) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", source.kind().jsonName());
            entry.put("source", source.displayName());
            entry.put("path", source.path().map(Object::toString).orElse(null));
            entry.put("trusted", source.trusted());
            sourceList.add(entry);
        }
        json.put("sources", sourceList);
        List<Object> problemList = new ArrayList<>();
        for (ConfigProblem problem : problems) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("severity", problem.severity().name().toLowerCase(Locale.ROOT));
            entry.put("source", problem.source().displayName());
            entry.put("line", problem.line().isPresent() ? problem.line().getAsInt() : null);
            entry.put("column", problem.column().isPresent() ? problem.column().getAsInt() : null);
            entry.put("pointer", problem.pointer());
            entry.put("message", problem.message());
            entry.put("suggestion", problem.suggestion().orElse(null));
            problemList.add(entry);
        }
        json.put("problems", problemList);
        return JsonText.compact(json);
    }

    /**
     * The exception to throw when the configuration must be used but is invalid: a
     * {@link ErrorCode#CONFIG_INVALID} whose message lists the problems (the first twenty).
     *
     * @throws IllegalStateException when the report is valid
     */
    public CreorException toException() {
        if (isValid()) {
            throw new IllegalStateException("the configuration is valid");
        }
        StringBuilder message = new StringBuilder("the configuration is invalid:");
        List<ConfigProblem> shown = problems.subList(0, Math.min(problems.size(), MOST_PROBLEMS_IN_AN_EXCEPTION));
        for (ConfigProblem problem : shown) {
            message.append("\n  ").append(problem.render());
        }
        if (shown.size() < problems.size()) {
            message.append("\n  ... and ").append(problems.size() - shown.size()).append(" more");
        }
        return CreorException.builder(ErrorCode.CONFIG_INVALID, message.toString())
                .hint("fix the problems listed; `creor config validate` checks the configuration again")
                .build();
    }

    private String summary() {
        long errors = problems.stream().filter(ConfigProblem::isError).count();
        long warnings = problems.size() - errors;
        if (errors > 0) {
            return "configuration is invalid: " + count(errors, "error")
                    + (warnings > 0 ? ", " + count(warnings, "warning") : "");
        }
        String checked = sources.isEmpty() ? "no configuration files found"
                : count(sources.size(), "source") + " checked: "
                        + String.join(", ", sources.stream().map(ConfigSource::displayName).toList());
        return "configuration is valid (" + checked + ")" + (warnings > 0 ? " with " + count(warnings, "warning") : "");
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The summary line and the number of problems. */
    @Override
    public String toString() {
        return "ValidationReport[" + summary() + ", " + problems.size() + " problems]";
    }
}
