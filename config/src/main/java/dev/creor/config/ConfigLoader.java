package dev.creor.config;

import dev.creor.config.files.FileOwnership;
import dev.creor.config.internal.ArrayNode;
import dev.creor.config.internal.BooleanNode;
import dev.creor.config.internal.Issue;
import dev.creor.config.internal.JsonPointer;
import dev.creor.config.internal.JsoncParser;
import dev.creor.config.internal.Node;
import dev.creor.config.internal.NumberNode;
import dev.creor.config.internal.ObjectNode;
import dev.creor.config.internal.Position;
import dev.creor.config.internal.SecretKeys;
import dev.creor.config.internal.SourceReader;
import dev.creor.config.internal.StringNode;
import dev.creor.config.internal.Substitutor;
import dev.creor.config.internal.TreeMerger;
import dev.creor.config.internal.TrustRules;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.Secret;
import dev.creor.core.internal.Checks;
import dev.creor.core.internal.JsonValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads Creor's configuration: finds the sources, reads them as JSONC, substitutes
 * {@code {env:...}} and {@code {file:...}} references, merges the layers and validates the
 * result, reporting every problem in one pass.
 *
 * <p>Sources, lowest precedence first; objects merge key by key, arrays and scalars replace:
 * <ol>
 *   <li>the defaults the application supplies ({@link Builder#defaults});</li>
 *   <li>the global file {@code $XDG_CONFIG_HOME/creor/creor.json} or {@code creor.jsonc}
 *       ({@code ~/.config/creor/} when the variable is unset);</li>
 *   <li>the file named by {@code CREOR_CONFIG} (it must exist);</li>
 *   <li>{@code creor.json[c]} in each directory from the project's root down to the working
 *       directory, outermost first (see {@link #projectFolder()} for where the walk stops);
 *       these <em>project files</em> are untrusted unless the {@link ProjectTrust} says
 *       otherwise;</li>
 *   <li>the JSON text of {@code CREOR_CONFIG_CONTENT};</li>
 *   <li>command-line flags ({@link Builder#flag}).</li>
 * </ol>
 *
 * <pre>{@code
 * LoadedConfig loaded = ConfigLoader.builder(workingDirectory, homeDirectory)
 *         .environment(environment)
 *         .providerSchemas(Map.of("openrouter", openRouterDescriptor.configSchema()))
 *         .flag("--model", "/model", "openrouter/openai/gpt-4o")
 *         .build()
 *         .load();
 * CreorConfig config = loaded.config();   // throws CONFIG_INVALID listing every problem
 * }</pre>
 *
 * <p><b>Trust.</b> A project file may come with a cloned repository, so from one the user has not
 * trusted ({@link Builder#projectTrust}) only harmless keys apply: a key the schema marks
 * {@code "x-creor-trust": "trusted-only"} and every {@code {env:...}} or {@code {file:...}}
 * reference is an error (no variable is looked up and no file read for it), and the value is
 * left out. Every config file, of any layer, must also be the user's own (see
 * {@link FileOwnership}): a file of another user, or one others may write, is an error and is
 * not read.
 *
 * <p>The environment is read only through the given {@link Environment}, and the home and
 * working directories are parameters, so nothing depends on the process that runs it. A
 * loader is immutable; each {@link #load()} reads the files again.
 */
public final class ConfigLoader {
    /** The file names looked for in each directory. */
    public static final List<String> FILE_NAMES = List.of("creor.json", "creor.jsonc");

    /** What the message about a refused key tells a user of the command line to do. */
    public static final String DEFAULT_TRUST_ADVICE = "run \"creor trust\" if you trust this folder";

    private static final System.Logger LOGGER = System.getLogger(ConfigLoader.class.getName());

    private final Path workingDirectory;
    private final Path homeDirectory;
    private final Environment environment;
    private final String defaults;
    private final List<Flag> flags;
    private final List<Content> contents;
    private final ConfigSchema schema;
    private final ProjectTrust projectTrust;
    private final String trustAdvice;

    private ConfigLoader(Builder builder) {
        this.workingDirectory = builder.workingDirectory;
        this.homeDirectory = builder.homeDirectory;
        this.environment = builder.environment;
        this.defaults = builder.defaults;
        this.flags = List.copyOf(builder.flags);
        this.contents = List.copyOf(builder.contents);
        this.schema = builder.schema;
        this.projectTrust = builder.projectTrust;
        this.trustAdvice = builder.trustAdvice;
    }

    /**
     * Starts a loader.
     *
     * @param workingDirectory where project files are looked for, and what relative paths in
     *                         messages are relative to
     * @param homeDirectory    what {@code ~} stands for, and where {@code .config/creor} is
     *                         when {@code XDG_CONFIG_HOME} is unset
     */
    public static Builder builder(Path workingDirectory, Path homeDirectory) {
        return new Builder(workingDirectory, homeDirectory);
    }

    /** Where a section names the provider that serves it: {@code /provider/<name>/type}. */
    private static final Pattern SECTION_TYPE = Pattern.compile("/provider/[^/]+/type");

    /** The {@code type} of each provider section that gives one, by section name. */
    private static Map<String, String> typedSections(ObjectNode merged) {
        Map<String, String> typed = new LinkedHashMap<>();
        if (merged.get("provider") instanceof ObjectNode providers) {
            for (ObjectNode.Member section : providers.members().values()) {
                if (section.value() instanceof ObjectNode object && object.get("type") instanceof StringNode type) {
                    typed.put(section.key(), type.value());
                }
            }
        }
        return typed;
    }

    /** Loads, merges and validates every source. Never throws for a problem with the configuration. */
    public LoadedConfig load() {
        Run run = new Run(false);
        if (defaults != null) {
            run.text(ConfigSource.defaults(), defaults);
        }
        Path global = globalConfigDirectory();
        run.directory(global, ConfigSource.Kind.GLOBAL_FILE);
        environment.get("CREOR_CONFIG").ifPresent(run::creorConfig);
        for (Path directory : projectDirectories()) {
            run.directory(directory, ConfigSource.Kind.PROJECT_FILE);
        }
        environment.get("CREOR_CONFIG_CONTENT").ifPresent(content -> run.text(ConfigSource.inline(), content));
        for (Content content : contents) {
            run.text(ConfigSource.inline(content.label()), content.json());
        }
        for (Flag flag : flags) {
            run.flag(flag);
        }
        ObjectNode merged = run.merge();
        run.check(merged, run.layers, schema.withTypedSections(typedSections(merged)));
        ValidationReport report = run.report();
        Provenance provenance = new Provenance(merged, run.sources);
        LOGGER.log(System.Logger.Level.DEBUG, () -> "configuration sources: " + run.sources + "; " + report);
        CreorConfig config = report.isValid() ? new CreorConfig(JsonLikeValues.withSecrets(merged), provenance) : null;
        return new LoadedConfig(report, provenance, config, run.secrets());
    }

    /**
     * Checks files on their own, each against the schema, without layering, defaults, flags or
     * the variables {@code CREOR_CONFIG} and {@code CREOR_CONFIG_CONTENT}: what
     * {@code creor config validate FILE...} does. An {@code {env:NAME}} whose variable is unset
     * is only a warning here, because files are often checked away from the environment they
     * will run in; a missing {@code {file:...}} is still an error.
     *
     * @param files paths, relative ones resolved against the working directory
     */
    public ValidationReport validateFiles(List<Path> files) {
        Run run = new Run(true);
        for (Path file : List.copyOf(files)) {
            int layersBefore = run.layers.size();
            run.file(workingDirectory.resolve(file).normalize(), ConfigSource.Kind.FILE);
            if (run.layers.size() > layersBefore) {
                ObjectNode layer = run.layers.get(run.layers.size() - 1);
                run.check(layer, List.of(layer));
            }
        }
        return run.report();
    }

    /**
     * Checks JSON text on its own against the schema, as {@link #validateFiles} checks a file:
     * what a program that is about to write values into a config file (the settings page) asks
     * first, so that it writes only what Creor will load. The text counts as trusted, like the
     * user's global file; relative {@code {file:...}} references resolve against the working
     * directory.
     *
     * @param label how problems name the text, e.g. {@code the settings page}
     */
    public ValidationReport validateText(String label, String json) {
        Objects.requireNonNull(label, "label is null");
        Objects.requireNonNull(json, "json is null");
        Run run = new Run(true);
        run.text(ConfigSource.inline(label), json);
        if (!run.layers.isEmpty()) {
            ObjectNode layer = run.layers.get(run.layers.size() - 1);
            run.check(layer, List.of(layer));
        }
        return run.report();
    }

    /** The directory of the global config file: {@code $XDG_CONFIG_HOME/creor} or {@code ~/.config/creor}. */
    public Path globalConfigDirectory() {
        Optional<Path> xdg = environment.get("XDG_CONFIG_HOME").flatMap(ConfigLoader::absolutePath);
        return xdg.orElse(homeDirectory.resolve(".config")).resolve("creor");
    }

    private static Optional<Path> absolutePath(String text) {
        try {
            Path path = Path.of(text);
            // The XDG specification says relative paths are to be ignored.
            return path.isAbsolute() ? Optional.of(path.normalize()) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * The folder of the project the working directory is in: the closest folder, going up from
     * the working directory, that holds a {@code .git} directory or file of the user's own (or
     * root's); else the working directory itself. {@code creor trust} trusts this folder by
     * default.
     */
    public Path projectFolder() {
        return gitRoot().orElse(workingDirectory);
    }

    /**
     * The project files the walk finds, outermost first: {@code creor.json} and
     * {@code creor.jsonc} in each folder from {@link #projectFolder()}, or, outside a git
     * repository, from the home directory, down to the working directory. Outside both a git
     * repository and the home directory only the working directory's own files count: the walk
     * never goes up to folders that other users share, such as {@code /tmp} or {@code /}. A file
     * that is the global file or {@code CREOR_CONFIG}'s is left out.
     */
    public List<Path> projectFiles() {
        Set<Path> own = new HashSet<>();
        for (String name : FILE_NAMES) {
            own.add(globalConfigDirectory().resolve(name));
        }
        environment.get("CREOR_CONFIG").flatMap(this::creorConfigPath).ifPresent(own::add);
        List<Path> files = new ArrayList<>();
        for (Path directory : projectDirectories()) {
            for (String name : FILE_NAMES) {
                Path file = directory.resolve(name);
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !own.contains(file)) {
                    files.add(file);
                }
            }
        }
        return List.copyOf(files);
    }

    /** Where the walk looks for project files, outermost first; see {@link #projectFiles()}. */
    private List<Path> projectDirectories() {
        Optional<Path> gitRoot = gitRoot();
        Optional<Path> home = homeBoundary();
        List<Path> directories = new ArrayList<>();
        if (gitRoot.isEmpty() && home.isEmpty()) {
            return List.of(workingDirectory);
        }
        Path top = gitRoot.orElseGet(home::get);
        for (Path directory = workingDirectory; directory != null; directory = directory.getParent()) {
            directories.add(directory);
            if (directory.equals(top)) {
                break;
            }
        }
        Collections.reverse(directories);
        return directories;
    }

    /**
     * The closest folder up from the working directory holding a {@code .git} of the user's own
     * (or root's); a {@code .git} of another user does not make a project root, as git itself
     * refuses such repositories. The search stops at the home directory when the working
     * directory is inside it.
     */
    private Optional<Path> gitRoot() {
        Optional<Path> home = homeBoundary();
        for (Path directory = workingDirectory; directory != null; directory = directory.getParent()) {
            Path git = directory.resolve(".git");
            if (Files.exists(git, LinkOption.NOFOLLOW_LINKS) && ownedByUser(git)) {
                return Optional.of(directory);
            }
            if (home.isPresent() && directory.equals(home.get())) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The home directory, when the working directory is inside it and it is not the filesystem root. */
    private Optional<Path> homeBoundary() {
        return homeDirectory.getParent() != null && workingDirectory.startsWith(homeDirectory)
                ? Optional.of(homeDirectory) : Optional.empty();
    }

    private static boolean ownedByUser(Path path) {
        try {
            return FileOwnership.checkWithoutFollowingLinks(path)
                    .filter(problem -> problem.reason() == FileOwnership.Reason.OWNED_BY_ANOTHER_USER).isEmpty();
        } catch (IOException unreadable) {
            return false;
        }
    }

    private Optional<Path> creorConfigPath(String value) {
        try {
            return Optional.of((value.equals("~") ? homeDirectory : value.startsWith("~/")
                    ? homeDirectory.resolve(value.substring(2)) : workingDirectory.resolve(value)).normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** A path as messages show it: relative inside the working directory, else under {@code ~} or absolute. */
    String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.startsWith(workingDirectory) && !absolute.equals(workingDirectory)) {
            return slashes(workingDirectory.relativize(absolute));
        }
        if (absolute.startsWith(homeDirectory) && !absolute.equals(homeDirectory)) {
            return "~/" + slashes(homeDirectory.relativize(absolute));
        }
        return absolute.toString();
    }

    private static String slashes(Path relative) {
        List<String> names = new ArrayList<>();
        relative.forEach(name -> names.add(name.toString()));
        return String.join("/", names);
    }

    /** The sources and the settings of this loader; never a value. */
    @Override
    public String toString() {
        return "ConfigLoader[workingDirectory=" + workingDirectory + ", home=" + homeDirectory + ", defaults="
                + (defaults != null) + ", flags=" + flags.stream().map(Flag::label).toList() + ", " + schema + "]";
    }

    /** One load or validation: the sources in order, their trees and every problem. */
    private final class Run {
        final List<ConfigSource> sources = new ArrayList<>();
        final List<ObjectNode> layers = new ArrayList<>();
        final List<Issue> issues = new ArrayList<>();
        final Set<Path> filesRead = new HashSet<>();
        final Substitutor substitutor;
        final boolean eachFileAlone;

        /**
         * @param eachFileAlone whether files are checked each on its own ({@code validateFiles}):
         *                      then an unset variable, or a setting checked against a default
         *                      another file may replace, is only a warning
         */
        Run(boolean eachFileAlone) {
            this.substitutor = new Substitutor(environment, homeDirectory, eachFileAlone, ConfigLoader.this::display);
            this.eachFileAlone = eachFileAlone;
        }

        int add(ConfigSource source) {
            sources.add(source);
            return sources.size() - 1;
        }

        void text(ConfigSource source, String text) {
            int index = add(source);
            SourceReader.Text checked = SourceReader.fromString(text);
            if (!checked.ok()) {
                issues.add(Issue.error(Position.whole(index), "", checked.problem()));
                return;
            }
            parse(index, checked.text(), workingDirectory);
        }

        void directory(Path directory, ConfigSource.Kind kind) {
            List<Path> present = FILE_NAMES.stream()
                    .map(directory::resolve)
                    .filter(file -> Files.exists(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> !filesRead.contains(file))
                    .toList();
            for (Path file : present) {
                file(file, kind);
            }
            if (present.size() > 1) {
                issues.add(Issue.error(Position.whole(sources.size() - 1), "", "both creor.json and creor.jsonc exist in "
                        + (directory.equals(workingDirectory) ? "the working directory" : display(directory))
                        + "; keep one of them"));
            }
        }

        void creorConfig(String value) {
            try {
                Path.of(value);
            } catch (InvalidPathException e) {
                int index = add(ConfigSource.creorConfigVariable());
                issues.add(Issue.error(Position.whole(index), "", "the CREOR_CONFIG environment variable is not a valid path: "
                        + e.getReason()));
                return;
            }
            creorConfigPath(value).ifPresent(path -> file(path, ConfigSource.Kind.CREOR_CONFIG_FILE));
        }

        void file(Path path, ConfigSource.Kind kind) {
            filesRead.add(path);
            Optional<FileOwnership.Problem> foreign = foreign(path);
            SourceReader.Bytes read = foreign.isPresent() ? new SourceReader.Bytes(null, "not read") : SourceReader.readBytes(path);
            Trust trust = trust(path, kind, read);
            int index = add(ConfigSource.file(kind, path, display(path), trust.trusted()));
            if (foreign.isPresent()) {
                issues.add(Issue.error(Position.whole(index), "", "this config file " + foreign.get().summary()
                        + "; Creor reads configuration only from files that are yours (or root's) and that nobody else"
                        + " may write: " + foreign.get().fix()));
                return;
            }
            SourceReader.Text text = read.ok() ? SourceReader.decode(read.bytes()) : new SourceReader.Text(null,
                    read.problem(), 0, 0);
            if (!text.ok()) {
                String problem = text.problem();
                if (kind == ConfigSource.Kind.CREOR_CONFIG_FILE && !Files.exists(path)) {
                    problem += "; the CREOR_CONFIG environment variable names it, so fix the path or unset the variable";
                }
                Position at = text.line() > 0 ? new Position(index, text.line(), text.column()) : Position.whole(index);
                issues.add(Issue.error(at, "", problem));
                return;
            }
            // A warning: the file is then simply untrusted, and what it may not set is reported as usual.
            trust.problem().ifPresent(problem -> issues.add(Issue.warning(Position.whole(index), "", problem)));
            if (trust.trusted()) {
                parse(index, text.text(), path.getParent());
            } else {
                parseUntrusted(index, text.text(), kind);
            }
        }

        /** A problem with who owns or may write the file, checked before it is read; empty when it cannot be checked. */
        private Optional<FileOwnership.Problem> foreign(Path path) {
            try {
                return FileOwnership.check(path);
            } catch (IOException unreadable) {
                // Reading it reports what is wrong (missing, unreadable) in the usual words.
                return Optional.empty();
            }
        }

        /** Whether the file is trusted; project files, and files checked on their own, are asked about. */
        private Trust trust(Path path, ConfigSource.Kind kind, SourceReader.Bytes read) {
            boolean asked = kind == ConfigSource.Kind.PROJECT_FILE
                    || (kind == ConfigSource.Kind.FILE && !usersOwnFile(path));
            if (!asked) {
                return new Trust(true, Optional.empty());
            }
            if (!read.ok()) {
                return new Trust(false, Optional.empty());
            }
            try {
                return new Trust(projectTrust.trusts(path, read.bytes()), Optional.empty());
            } catch (CreorException unknown) {
                return new Trust(false, Optional.of("cannot tell whether this file is trusted, so it is not: "
                        + unknown.getMessage() + unknown.hint().map(hint -> " (" + hint + ")").orElse("")));
            }
        }

        /** Whether a file checked on its own is the global file or {@code CREOR_CONFIG}'s, which are the user's own. */
        private boolean usersOwnFile(Path path) {
            for (String name : FILE_NAMES) {
                if (path.equals(globalConfigDirectory().resolve(name))) {
                    return true;
                }
            }
            return environment.get("CREOR_CONFIG").flatMap(ConfigLoader.this::creorConfigPath).filter(path::equals)
                    .isPresent();
        }

        /**
         * Parses an untrusted file and keeps only what it may set: each key that needs trust and
         * each reference is reported and left out, before anything is read or substituted.
         */
        void parseUntrusted(int index, String text, ConfigSource.Kind kind) {
            JsoncParser.Result result = JsoncParser.parse(text, index);
            issues.addAll(result.issues());
            if (result.root() == null) {
                return;
            }
            String untrusted = kind == ConfigSource.Kind.PROJECT_FILE ? "this project file is not trusted"
                    : "this file is not trusted";
            ObjectNode allowed = refuseKeys(result.root(), schema.trustRules().start(), "", untrusted);
            layers.add(Substitutor.refuse(allowed, text, reference -> untrusted + ", so it may not read "
                    + (reference.fromEnvironment() ? "environment variables" : "files") + "; " + trustAdvice, issues));
        }

        private ObjectNode refuseKeys(ObjectNode object, TrustRules.Cursor cursor, String pointer, String untrusted) {
            Map<String, ObjectNode.Member> members = new LinkedHashMap<>();
            for (ObjectNode.Member member : object.members().values()) {
                String memberPointer = JsonPointer.append(pointer, member.key());
                TrustRules.Cursor child = cursor.child(member.key());
                if (SECTION_TYPE.matcher(memberPointer).matches()) {
                    // A section of a new name has no schema yet (its type gives it one), so the schema's
                    // trust mark on "type" cannot be found by walking: refuse it by its place instead.
                    issues.add(Issue.error(member.keyPosition(), memberPointer, untrusted + ", so it may not add a"
                            + " provider endpoint or change which provider serves a section (it decides where prompts"
                            + " and keys are sent); " + trustAdvice));
                    continue;
                }
                if (member.value() instanceof ObjectNode nested && !nested.members().isEmpty()) {
                    members.put(member.key(), member.withValue(refuseKeys(nested, child, memberPointer, untrusted)));
                } else if (child.refusal().isPresent() && !isEmptyObject(member.value())) {
                    issues.add(Issue.error(member.keyPosition(), memberPointer, untrusted + ", so it may not "
                            + child.refusal().get() + "; " + trustAdvice));
                } else {
                    members.put(member.key(), member);
                }
            }
            return new ObjectNode(object.position(), members);
        }

        private static boolean isEmptyObject(Node node) {
            return node instanceof ObjectNode object && object.members().isEmpty();
        }

        void parse(int index, String text, Path baseDirectory) {
            JsoncParser.Result result = JsoncParser.parse(text, index);
            issues.addAll(result.issues());
            if (result.root() != null) {
                layers.add(substitutor.substitute(result.root(), text, baseDirectory, issues));
            }
        }

        void flag(Flag flag) {
            int index = add(ConfigSource.flag(flag.label()));
            Position position = Position.whole(index);
            Node node = toNode(flag.value(), position);
            List<String> tokens = flag.tokens();
            for (int i = tokens.size() - 1; i >= 0; i--) {
                Map<String, ObjectNode.Member> members = new LinkedHashMap<>();
                members.put(tokens.get(i), new ObjectNode.Member(tokens.get(i), position, node));
                node = new ObjectNode(position, members);
            }
            layers.add((ObjectNode) node);
        }

        ObjectNode merge() {
            ObjectNode merged = layers.isEmpty() ? ObjectNode.empty(Position.whole(-1)) : layers.get(0);
            for (int i = 1; i < layers.size(); i++) {
                merged = TreeMerger.merge(merged, layers.get(i));
            }
            return merged;
        }

        void check(ObjectNode tree, List<ObjectNode> treeLayers) {
            check(tree, treeLayers, schema);
        }

        void check(ObjectNode tree, List<ObjectNode> treeLayers, ConfigSchema effective) {
            List<Issue> schemaIssues = effective.checker().check(tree, treeLayers, secrets());
            issues.addAll(schemaIssues);
            Set<String> reported = schemaIssues.stream().map(Issue::pointer).collect(Collectors.toSet());
            issues.addAll(ConfigChecks.check(tree, effective.providerIds().orElse(null), reported, eachFileAlone));
        }

        /** The text of every secret in any layer (a merged tree holds only values of its layers). */
        Set<String> secrets() {
            Set<String> secrets = new HashSet<>();
            layers.forEach(layer -> collectSecrets(layer, new ArrayList<>(), secrets));
            return secrets;
        }

        ValidationReport report() {
            Set<String> secrets = secrets();
            List<Issue> sorted = new ArrayList<>(issues);
            sorted.sort(Comparator.comparingInt((Issue issue) -> issue.position().source())
                    .thenComparingInt(issue -> issue.position().line())
                    .thenComparingInt(issue -> issue.position().column()));
            List<ConfigProblem> problems = new ArrayList<>();
            for (Issue issue : sorted) {
                problems.add(toProblem(issue, secrets));
            }
            return ValidationReport.of(sources, problems);
        }

        private ConfigProblem toProblem(Issue issue, Set<String> secrets) {
            // A problem may quote any value, including a key pasted where no key belongs.
            String message = JsonLikeValues.maskedText(issue.message(), secrets);
            ConfigProblem.Builder problem = ConfigProblem.builder(
                    issue.warning() ? ConfigProblem.Severity.WARNING : ConfigProblem.Severity.ERROR,
                    sources.get(issue.position().source()), message).pointer(issue.pointer());
            if (issue.position().hasLine()) {
                problem.at(issue.position().line(), issue.position().column());
            }
            if (!issue.suggestion().isEmpty()) {
                problem.suggestion(issue.suggestion());
            }
            return problem.build();
        }
    }

    /** Every secret's text longer than a few characters, to scrub from messages as a last line of defence. */
    private static void collectSecrets(Node node, List<String> tokens, Set<String> secrets) {
        if (node instanceof ObjectNode object) {
            for (ObjectNode.Member member : object.members().values()) {
                tokens.add(member.key());
                collectSecrets(member.value(), tokens, secrets);
                tokens.remove(tokens.size() - 1);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.items().size(); i++) {
                tokens.add(Integer.toString(i));
                collectSecrets(array.items().get(i), tokens, secrets);
                tokens.remove(tokens.size() - 1);
            }
        } else if (node instanceof StringNode string && !string.unresolved() && string.value().length() >= 8
                && SecretKeys.isSecretPath(tokens)) {
            secrets.add(string.value());
        }
    }

    private static Node toNode(Object value, Position position) {
        if (value instanceof Map<?, ?> map) {
            Map<String, ObjectNode.Member> members = new LinkedHashMap<>();
            map.forEach((key, item) -> members.put((String) key, new ObjectNode.Member((String) key, position,
                    toNode(item, position))));
            return new ObjectNode(position, members);
        }
        if (value instanceof List<?> list) {
            List<Node> items = new ArrayList<>();
            list.forEach(item -> items.add(toNode(item, position)));
            return new ArrayNode(position, items);
        }
        if (value instanceof String text) {
            return StringNode.of(position, text, -1);
        }
        if (value instanceof Boolean bool) {
            return new BooleanNode(position, bool);
        }
        return new NumberNode(position, (Number) value);
    }

    private record Flag(String label, List<String> tokens, Object value) {
    }

    /** Whether a file is trusted, and why that could not be told. */
    private record Trust(boolean trusted, Optional<String> problem) {
    }

    private record Content(String label, String json) {
    }

    /** Builds a {@link ConfigLoader}. */
    public static final class Builder {
        private final Path workingDirectory;
        private final Path homeDirectory;
        private Environment environment = Environment.empty();
        private String defaults;
        private final List<Flag> flags = new ArrayList<>();
        private final List<Content> contents = new ArrayList<>();
        private ConfigSchema schema = ConfigSchema.core();
        private ProjectTrust projectTrust = ProjectTrust.none();
        private String trustAdvice = DEFAULT_TRUST_ADVICE;

        private Builder(Path workingDirectory, Path homeDirectory) {
            this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory is null").toAbsolutePath().normalize();
            this.homeDirectory = Objects.requireNonNull(homeDirectory, "homeDirectory is null").toAbsolutePath().normalize();
        }

        /** Where {@code XDG_CONFIG_HOME}, {@code CREOR_CONFIG} and {@code CREOR_CONFIG_CONTENT} are read; empty unless set. */
        public Builder environment(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment is null");
            return this;
        }

        /** The lowest layer: JSON text the application supplies, shown as "built-in default". */
        public Builder defaults(String json) {
            this.defaults = Objects.requireNonNull(json, "json is null");
            return this;
        }

        /**
         * JSON (or JSONC) text an embedding program adds: a layer above {@code CREOR_CONFIG_CONTENT}
         * and below flags, validated and located like a file. Several apply in the order given.
         *
         * @param label how messages name it, e.g. {@code embedding}
         * @param json  the text
         */
        public Builder content(String label, String json) {
            contents.add(new Content(Checks.requireText(label, "label"), Objects.requireNonNull(json, "json is null")));
            return this;
        }

        /**
         * A value from the command line, the highest layer. Flags apply in the order given.
         *
         * @param label   how messages name the flag, e.g. {@code --model}
         * @param pointer where the value goes, e.g. {@code /model} or {@code /agent/plan/model};
         *                {@code ""} merges an object into the whole configuration
         * @param value   a JSON-like value: a {@code String}, {@code Number}, {@code Boolean},
         *                {@code List} or {@code Map}; credentials belong in the credential store,
         *                so a {@link Secret} is refused
         */
        public Builder flag(String label, String pointer, Object value) {
            Checks.requireText(label, "label");
            Objects.requireNonNull(pointer, "pointer is null");
            Objects.requireNonNull(value, "value is null");
            List<String> tokens = JsonPointer.tokens(pointer);
            Object copy = JsonValues.copyValue(value);
            if (containsSecret(copy)) {
                throw new IllegalArgumentException("flag " + label + " holds a Secret; pass credentials through the credential"
                        + " store or options.apiKey, not a flag");
            }
            if (tokens.isEmpty() && !(copy instanceof Map)) {
                throw new IllegalArgumentException("flag " + label + " at the root must be an object");
            }
            flags.add(new Flag(label, tokens, copy));
            return this;
        }

        /**
         * Validates against the core schema composed with these providers' fragments; see
         * {@link ConfigSchema#withProviders}. Without this (or {@link #schema}), provider
         * sections are checked against the core keys only and any provider id is accepted.
         *
         * @throws dev.creor.core.CreorException with {@code PLUGIN_INVALID} for a broken fragment
         */
        public Builder providerSchemas(Map<String, String> fragments) {
            this.schema = ConfigSchema.withProviders(fragments);
            return this;
        }

        /** Validates against this schema. */
        public Builder schema(ConfigSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema is null");
            return this;
        }

        /**
         * Which project files the user trusts; {@link ProjectTrust#none()} unless set, so that
         * from a project file only harmless keys apply.
         */
        public Builder projectTrust(ProjectTrust projectTrust) {
            this.projectTrust = Objects.requireNonNull(projectTrust, "projectTrust is null");
            return this;
        }

        /**
         * What the message about a key refused from an untrusted file tells the user to do;
         * by default {@value ConfigLoader#DEFAULT_TRUST_ADVICE}.
         */
        public Builder trustAdvice(String advice) {
            this.trustAdvice = Checks.requireText(advice, "advice");
            return this;
        }

        /** Creates the loader. */
        public ConfigLoader build() {
            return new ConfigLoader(this);
        }

        private static boolean containsSecret(Object value) {
            if (value instanceof Secret) {
                return true;
            }
            if (value instanceof Map<?, ?> map) {
                return map.values().stream().anyMatch(Builder::containsSecret);
            }
            return value instanceof List<?> list && list.stream().anyMatch(Builder::containsSecret);
        }
    }
}
