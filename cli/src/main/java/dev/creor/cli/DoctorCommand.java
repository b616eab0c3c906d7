package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.agents.AgentProblem;
import dev.creor.config.ValidationReport;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorSetup;
import dev.creor.runtime.PluginIssue;
import dev.creor.runtime.ProviderCredential;
import dev.creor.runtime.ProviderInfo;
import dev.creor.spi.KeyInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creor doctor}: is everything set up, and what to do when it is not. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the setup: the configuration, plugins, each provider's credential (and, where the "
                + "provider can tell, the key's limit, remaining credit and usage) and whether it can be reached.",
            "Agents whose models no provider offers or the whitelist excludes fail, checked as `creor agents` "
                + "checks them but against the cached or bundled model lists.",
            "Each line is ok, warn or fail, with what to do about it. Exit code 0 when nothing fails; otherwise 3 "
                + "when a credential fails, 2 when the configuration or a plugin does, else 1."})
final class DoctorCommand implements Callable<Integer> {
    private static final Duration PROVIDER_WAIT = Duration.ofSeconds(15);

    private final CliContext context;

    @Option(names = "--json", description = "Print one JSON object per check.")
    private boolean json;

    DoctorCommand(CliContext context) {
        this.context = context;
    }

    private enum Status { ok, warn, fail }

    private record Check(Status status, String subject, String message, String fix, ErrorCode code) {
    }

    @Override
    public Integer call() {
        List<Check> checks = new ArrayList<>();
        boolean configValid;
        try (CreorSetup setup = CliRuntime.builder(context).inspect()) {
            for (PluginIssue problem : setup.pluginProblems()) {
                checks.add(new Check(problem.error() ? Status.fail : Status.warn, "plugins", problem.toString(),
                        "", ErrorCode.PLUGIN_INVALID));
            }
            ValidationReport report = setup.validation();
            configValid = setup.configValid();
            String sources = String.join(", ", setup.configSources());
            if (configValid) {
                checks.add(new Check(report.warnings().isEmpty() ? Status.ok : Status.warn, "config",
                        "valid" + (sources.isEmpty() ? " (no config file; defaults apply)" : " (" + sources + ")")
                                + (report.warnings().isEmpty() ? ""
                                : "; " + report.warnings().size() + " warning(s)"),
                        report.warnings().isEmpty() ? "" : "creor config validate", ErrorCode.CONFIG_INVALID));
            } else {
                report.errors().forEach(problem -> checks.add(new Check(Status.fail, "config", problem.render(),
                        problem.source().trusted() ? "fix the file, then run creor config validate"
                                : "if you trust this folder, run creor trust; else remove the key from the file",
                        ErrorCode.CONFIG_INVALID)));
            }
        }
        if (configValid) {
            try (Creor creor = CliRuntime.creor(context)) {
                List<ProviderInfo> enabled = creor.providers().stream().filter(ProviderInfo::enabled).toList();
                for (ProviderInfo provider : enabled) {
                    creor.customEndpoint(provider.id()).ifPresent(endpoint -> checks.add(new Check(Status.ok,
                            provider.id(), endpoint, "", ErrorCode.CONFIG_INVALID)));
                    checkProvider(creor, provider, checks);
                }
                for (AgentProblem problem : OfflineAgentCheck.problems(creor)) {
                    // CONFIG_INVALID whatever the problem's code: the fix is in the config, as for `creor agents`.
                    checks.add(new Check(Status.fail, "agents", Creor.redact(problem.message()),
                            problem.hint().orElse(
                                    "correct the model in the config (`creor models` lists them), then run creor config validate"), ErrorCode.CONFIG_INVALID));
                }
                if (enabled.isEmpty()) {
                    checks.add(new Check(Status.fail, "providers", "no provider is enabled",
                            "check enabled_providers and disabled_providers", ErrorCode.CONFIG_INVALID));
                }
            }
        }
        print(checks);
        return exitCode(checks);
    }

    private void checkProvider(Creor creor, ProviderInfo provider, List<Check> checks) {
        String subject = provider.id();
        ProviderCredential credential = provider.credential().orElseThrow();
        credential.storeProblem().ifPresent(problem -> checks.add(new Check(Status.warn, subject,
                "the key store cannot be read: " + problem.getMessage(), problem.hint().orElse(""), problem.code())));
        if (credential.required() && credential.maskedKey().isEmpty()) {
            checks.add(new Check(Status.fail, subject, "no key",
                    credential.missing().flatMap(CreorException::hint).orElse(""), ErrorCode.AUTH_MISSING));
        } else if (credential.maskedKey().isPresent()) {
            checks.add(new Check(Status.ok, subject, "key " + credential.maskedKey().get() + " from "
                    + credential.source(), "", ErrorCode.AUTH_MISSING));
            credential.warnings().forEach(warning -> checks.add(new Check(Status.warn, subject, warning,
                    "creor auth list shows every source", ErrorCode.AUTH_INVALID)));
        } else {
            checks.add(new Check(Status.ok, subject, "needs no key", "", ErrorCode.AUTH_MISSING));
        }
        boolean reached = false;
        CreorException keyCheckFailure = null;
        if (credential.maskedKey().isPresent()) {
            Optional<CompletionStage<KeyInfo>> inspection;
            try {
                inspection = creor.inspectKey(subject);
            } catch (CreorException broken) {
                checks.add(failure(subject, "the provider cannot be created", broken));
                return;
            }
            if (inspection.isPresent()) {
                try {
                    KeyInfo info = wait(inspection.get());
                    checks.add(new Check(Status.ok, subject, describe(info), "", ErrorCode.AUTH_INVALID));
                    reached = true;
                } catch (CreorException rejected) {
                    if (rejected.code() == ErrorCode.AUTH_INVALID || rejected.code() == ErrorCode.INSUFFICIENT_CREDITS) {
                        checks.add(failure(subject, "key rejected", rejected));
                        reached = true;
                    } else {
                        keyCheckFailure = rejected;
                    }
                }
            }
        }
        if (!reached) {
            try {
                int offered = wait(creor.checkReachable(subject));
                if (keyCheckFailure != null) {
                    checks.add(failure(subject, "key check failed", keyCheckFailure));
                }
                checks.add(new Check(Status.ok, subject, "reachable; it offers " + offered + " models", "",
                        ErrorCode.PROVIDER_UNAVAILABLE));
            } catch (CreorException unreachable) {
                // One line: the key check failed for the same reason, if it was tried.
                checks.add(failure(subject, "not reachable", unreachable));
            }
        }
    }

    private static Check failure(String subject, String what, CreorException error) {
        return new Check(Status.fail, subject, what + ": " + error.getMessage(), error.hint().orElse(""), error.code());
    }

    private static String describe(KeyInfo info) {
        StringBuilder text = new StringBuilder("key accepted");
        info.label().ifPresent(label -> text.append(", label \"").append(label).append('"'));
        text.append(", limit ").append(info.limit().map(DoctorCommand::money).orElse("none"));
        info.limitRemaining().ifPresent(remaining -> text.append(", remaining ").append(money(remaining)));
        info.usage().ifPresent(usage -> text.append(", used ").append(money(usage)));
        if (info.freeTier()) {
            text.append(", free tier");
        }
        return text.toString();
    }

    private static String money(BigDecimal amount) {
        return "$" + amount.stripTrailingZeros().toPlainString();
    }

    private static <T> T wait(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(PROVIDER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException failed) {
            Throwable cause = failed.getCause();
            throw cause instanceof CreorException creor ? creor
                    : CreorException.builder(ErrorCode.INTERNAL, String.valueOf(cause)).build();
        } catch (TimeoutException slow) {
            throw CreorException.of(ErrorCode.TIMEOUT, "no answer within " + PROVIDER_WAIT.toSeconds() + " s");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw CreorException.of(ErrorCode.CANCELLED, "interrupted");
        }
    }

    private void print(List<Check> checks) {
        int subjectWidth = checks.stream().mapToInt(check -> check.subject().length()).max().orElse(0) + 2;
        String indent = " ".repeat(5 + subjectWidth);
        for (Check check : checks) {
            if (json) {
                ObjectNode node = Json.object().put("status", check.status().name()).put("subject", check.subject())
                        .put("message", check.message());
                if (!check.fix().isEmpty() && check.status() != Status.ok) {
                    node.put("fix", check.fix());
                }
                context.out().println(Json.line(node));
            } else {
                String line = String.format("%-5s%-" + subjectWidth + "s%s", check.status(), check.subject(),
                        check.message());
                if (!check.fix().isEmpty() && check.status() != Status.ok) {
                    line += System.lineSeparator() + indent + "fix: " + check.fix();
                }
                context.out().println(Creor.redact(line));
            }
        }
        context.out().flush();
    }

    /** The most telling exit code of the failed checks: credentials first, then configuration and plugins. */
    private static int exitCode(List<Check> checks) {
        List<Integer> failed = checks.stream().filter(check -> check.status() == Status.fail)
                .map(check -> ExitCodes.of(check.code())).toList();
        if (failed.isEmpty()) {
            return ExitCodes.OK;
        }
        if (failed.contains(ExitCodes.CREDENTIALS)) {
            return ExitCodes.CREDENTIALS;
        }
        return failed.contains(ExitCodes.USAGE) ? ExitCodes.USAGE : ExitCodes.FAILURE;
    }
}
