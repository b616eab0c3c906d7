package dev.creor.cli;

import dev.creor.runtime.CreorVersion;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The {@code creor} command. */
@Command(name = "creor",
        mixinStandardHelpOptions = true,
        versionProvider = CreorCli.VersionProvider.class,
        description = "Reach hundreds of language models through one config, one key per provider, "
                + "named agents and routing that survives outages.",
        footer = {"", "Exit codes: 0 ok, 1 model or provider failure, 2 bad usage or invalid config, "
                + "3 missing or rejected credentials, 130 interrupted.",
            "Documentation: " + CreorCli.DOCUMENTATION})
public final class CreorCli implements Callable<Integer> {
    /** Where the CLI reference is published: a link that works wherever creor was installed from. */
    static final String DOCUMENTATION = "https://creor.dev/docs/cli";
    /** The commands that look at their siblings: {@code help} finds the one it explains; {@code completion}, all. */
    private static final Set<String> NEED_EVERY_COMMAND = Set.of("help", "completion");
    /** picocli's usage help is unreadable below this width, and refuses narrower ones. */
    private static final int NARROWEST_HELP = 55;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DebugOption debug;

    private final CliContext context;

    CreorCli(CliContext context) {
        this.context = context;
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        // Creor uses no method interception; without it Guice generates no classes, which also keeps
        // JDK 24+ from warning about Guice's use of sun.misc.Unsafe on every run.
        System.getProperties().putIfAbsent("guice_bytecode_gen_option", "DISABLED");
        // UTF-8 whatever the locale says: answers are UTF-8, and a POSIX locale would turn them into '?'.
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        CliLogging.configureDefaults(stderr);
        // Diagnostics pass through redaction whatever produced them; results are printed as they are.
        CliContext context = new CliContext(System.getenv(), Path.of("").toAbsolutePath(),
                homeDirectory(System.getenv("HOME")), System.in,
                new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true),
                new PrintWriter(new RedactingWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8)), true),
                isTerminal(System.console()));
        // A plugin calling System.exit must not end the command with an exit code of its choosing.
        ProcessExit.installGuard(context.err());
        int exitCode = run(context, args);
        stdout.flush();
        stderr.flush();
        ProcessExit.exit(exitCode);
    }

    /**
     * {@code $HOME}, as the shell and the XDG defaults understand {@code ~}; Java's
     * {@code user.home} comes from the password database and ignores it, so only when HOME is
     * unset (or not an absolute path) does it stand in.
     */
    static Path homeDirectory(String homeVariable) {
        if (homeVariable != null && !homeVariable.isEmpty() && Path.of(homeVariable).isAbsolute()) {
            return Path.of(homeVariable);
        }
        return Path.of(System.getProperty("user.home"));
    }

    /**
     * Whether a person is at a terminal. Before Java 22 a console exists only then; since, it
     * may exist with redirected streams, and {@code Console.isTerminal()} (not in Java 17's API)
     * tells.
     */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException unknown) {
            return false;
        }
    }

    /** Runs the command line in the given context and returns its exit code. */
    static int run(CliContext context, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What picocli would print, without the 100 ms or more that building its model of the command takes.
            for (String line : new VersionProvider().getVersion()) {
                context.out().println(line);
            }
            context.out().flush();
            return ExitCodes.OK;
        }
        return newCommandLine(context, commandsFor(args)).execute(args);
    }

    /** The whole command tree, every command in it. */
    static CommandLine newCommandLine(CliContext context) {
        return newCommandLine(context, Commands.BY_NAME.keySet());
    }

    /**
     * The commands these arguments can reach, when that is plain before parsing: the one named
     * first (after nothing but {@code --debug}), none for {@code creor --version}; every command
     * otherwise, so that the root's usage help, an unknown command's did-you-mean, {@code help}
     * and {@code completion} see them all. picocli never looks at a command the arguments do not
     * name, so the result is the same as with the whole tree, only sooner.
     */
    static Set<String> commandsFor(String... args) {
        boolean version = false;
        for (String arg : args) {
            if (arg.equals("--debug")) {
                continue;
            }
            if (arg.equals("-V") || arg.equals("--version")) {
                version = true;
            } else if (arg.startsWith("-") || version || !Commands.BY_NAME.containsKey(arg)
                    || NEED_EVERY_COMMAND.contains(arg)) {
                return Commands.BY_NAME.keySet();
            } else {
                return Set.of(arg);
            }
        }
        return version ? Set.of() : Commands.BY_NAME.keySet();
    }

    static CommandLine newCommandLine(CliContext context, Set<String> commands) {
        CreorCli root = new CreorCli(context);
        CommandLine commandLine = new CommandLine(root, new ContextFactory(context));
        Commands.BY_NAME.forEach((name, type) -> {
            if (commands.contains(name)) {
                // Named by its own @Command, as the annotation's list did; CreorCliTest keeps BY_NAME's keys so.
                commandLine.addSubcommand(type);
            }
        });
        ErrorReporter reporter = new ErrorReporter(context.err(), root.debug);
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setExecutionExceptionHandler(reporter);
        commandLine.setParameterExceptionHandler(reporter);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(colours(context)));
        helpWidth(context).ifPresentOrElse(commandLine::setUsageHelpWidth,
                () -> commandLine.setUsageHelpAutoWidth(context.interactive()));
        // -V/--version works only on creor itself; on a subcommand it would be listed and do nothing.
        commandLine.getSubcommands().values().forEach(CreorCli::withoutVersionOption);
        return commandLine;
    }

    private static void withoutVersionOption(CommandLine command) {
        CommandLine.Model.OptionSpec version = command.getCommandSpec().findOption("--version");
        if (version != null) {
            command.getCommandSpec().remove(version);
        }
        command.getSubcommands().values().forEach(CreorCli::withoutVersionOption);
    }

    /**
     * Colours only where they can show: never with {@code NO_COLOR} (no-color.org) or on a
     * terminal that says it cannot ({@code TERM=dumb}); otherwise picocli's own test (a terminal,
     * not a pipe).
     */
    static CommandLine.Help.Ansi colours(CliContext context) {
        String noColor = context.environment().get("NO_COLOR");
        boolean refused = (noColor != null && !noColor.isEmpty())
                || "dumb".equals(context.environment().get("TERM"));
        return refused ? CommandLine.Help.Ansi.OFF : CommandLine.Help.Ansi.AUTO;
    }

    /** The width {@code COLUMNS} asks for, as shells and tools such as ls honour it. */
    static java.util.OptionalInt helpWidth(CliContext context) {
        try {
            int columns = Integer.parseInt(context.environment().getOrDefault("COLUMNS", "").trim());
            return columns > 0 ? java.util.OptionalInt.of(Math.max(NARROWEST_HELP, columns)) : java.util.OptionalInt.empty();
        } catch (NumberFormatException unset) {
            return java.util.OptionalInt.empty();
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /**
     * creor's commands by name, in the order its help lists them. Not in the {@code @Command}
     * annotation: picocli would then build the whole command tree (some 150 ms of reflection on
     * two cores) for every run, where one command needs only its own (see {@link #commandsFor}).
     * A class of its own, so that {@code creor --version} does not even load them.
     */
    static final class Commands {
        static final Map<String, Class<?>> BY_NAME = commands(
                "run", RunCommand.class, "models", ModelsCommand.class, "agents", AgentsCommand.class,
                "providers", ProvidersCommand.class, "config", ConfigCommand.class, "auth", AuthCommand.class,
                "trust", TrustCommand.class, "doctor", DoctorCommand.class, "settings", SettingsCommand.class,
                "serve", ServeCommand.class, "sandbox", SandboxCommand.class, "demo", DemoCommand.class,
                "completion", CompletionCommand.class, "help", HelpCommand.class);

        private Commands() {
        }

        private static Map<String, Class<?>> commands(Object... namesAndTypes) {
            Map<String, Class<?>> commands = new LinkedHashMap<>();
            for (int i = 0; i < namesAndTypes.length; i += 2) {
                commands.put((String) namesAndTypes[i], (Class<?>) namesAndTypes[i + 1]);
            }
            return Collections.unmodifiableMap(commands);
        }
    }

    /** Prints the version with the Java runtime it runs on. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            // The JVM's own string of Runtime.version(), and no '+' on strings: the first of each kind of
            // concatenation, and Runtime.Version's toString, have the JVM generate classes, which cost
            // `creor --version` more than all the rest (docs/benchmarks.md, "Start-up").
            String java = System.getProperty("java.runtime.version");
            return new String[] {
                "creor ".concat(CreorVersion.version()),
                String.join("", "Java ", java == null ? Runtime.version().toString() : java,
                        " (", System.getProperty("java.vendor"), ")")
            };
        }
    }

    /** Creates commands with the {@link CliContext} when their constructor takes one. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final CliContext context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        ContextFactory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                var constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException noContext) {
                return fallback.create(type);
            }
        }
    }
}
