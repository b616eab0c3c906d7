package dev.creor.config.internal;

import dev.creor.core.Environment;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code {env:NAME}} and {@code {file:path}} references inside string values.
 *
 * <p>A string may hold several references mixed with text. {@code {file:path}} reads the file
 * (relative to the directory of the file holding the reference; {@code ~} is the home
 * directory) and drops one trailing newline. A reference that cannot be resolved is reported
 * at its own line and column, and the string keeps its text, marked unresolved, so validation
 * does not report it again; it never silently becomes an empty string. Substituted text is not
 * searched for references again.
 */
public final class Substitutor {
    private static final Pattern REFERENCE = Pattern.compile("\\{(env|file):([^{}]*)}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Environment environment;
    private final Path home;
    private final boolean unsetVariablesAreWarnings;
    private final Function<Path, String> displayPath;

    /**
     * @param environment               where {@code {env:...}} is looked up
     * @param home                      what {@code ~} stands for
     * @param unsetVariablesAreWarnings true when files are checked on their own, away from the
     *                                  environment they will run in
     * @param displayPath               how paths are shown in messages
     */
    public Substitutor(Environment environment, Path home, boolean unsetVariablesAreWarnings,
            Function<Path, String> displayPath) {
        this.environment = Objects.requireNonNull(environment, "environment is null");
        this.home = Objects.requireNonNull(home, "home is null");
        this.unsetVariablesAreWarnings = unsetVariablesAreWarnings;
        this.displayPath = Objects.requireNonNull(displayPath, "displayPath is null");
    }

    /**
     * A copy of {@code root} with every reference replaced.
     *
     * @param sourceText    the text the tree was parsed from, to place references exactly
     * @param baseDirectory where relative {@code {file:...}} paths start
     * @param issues        receives a problem per reference that cannot be resolved
     */
    public ObjectNode substitute(ObjectNode root, String sourceText, Path baseDirectory, List<Issue> issues) {
        return (ObjectNode) visit(root, "", new Context(sourceText, baseDirectory, issues));
    }

    /**
     * A copy of {@code root} in which no reference is resolved: each one is reported, with
     * {@code refusal} saying why, at its own line and column, and its string is kept as written
     * and marked unresolved. For files Creor may not read and substitute from: nothing is read,
     * no variable is looked up.
     *
     * @param refusal the message for a reference, e.g. that the file is not trusted
     */
    public static ObjectNode refuse(ObjectNode root, String sourceText, Function<Reference, String> refusal,
            List<Issue> issues) {
        return (ObjectNode) refuseIn(root, "", sourceText, refusal, issues);
    }

    private static Node refuseIn(Node node, String pointer, String sourceText, Function<Reference, String> refusal,
            List<Issue> issues) {
        if (node instanceof ObjectNode object) {
            Map<String, ObjectNode.Member> members = new LinkedHashMap<>();
            for (ObjectNode.Member member : object.members().values()) {
                members.put(member.key(), member.withValue(refuseIn(member.value(),
                        JsonPointer.append(pointer, member.key()), sourceText, refusal, issues)));
            }
            return new ObjectNode(object.position(), members);
        }
        if (node instanceof ArrayNode array) {
            List<Node> items = new ArrayList<>(array.items().size());
            for (int i = 0; i < array.items().size(); i++) {
                items.add(refuseIn(array.items().get(i), pointer + "/" + i, sourceText, refusal, issues));
            }
            return new ArrayNode(array.position(), items);
        }
        if (!(node instanceof StringNode string) || string.value().indexOf('{') < 0) {
            return node;
        }
        Matcher matcher = REFERENCE.matcher(string.value());
        List<Reference> references = new ArrayList<>();
        while (matcher.find()) {
            Reference reference = new Reference(matcher.group(1).equals("env"), matcher.group(2));
            references.add(reference);
            issues.add(Issue.error(positionInString(string, matcher.start(), sourceText), pointer,
                    reference + ": " + refusal.apply(reference)));
        }
        if (references.isEmpty()) {
            return string;
        }
        boolean wholeReference = references.size() == 1 && matcher.reset().matches();
        return new StringNode(string.position(), string.value(), string.rawOffset(), references, true, wholeReference);
    }

    private Node visit(Node node, String pointer, Context context) {
        if (node instanceof ObjectNode object) {
            Map<String, ObjectNode.Member> members = new LinkedHashMap<>();
            for (ObjectNode.Member member : object.members().values()) {
                members.put(member.key(), member.withValue(
                        visit(member.value(), JsonPointer.append(pointer, member.key()), context)));
            }
            return new ObjectNode(object.position(), members);
        }
        if (node instanceof ArrayNode array) {
            List<Node> items = new ArrayList<>(array.items().size());
            for (int i = 0; i < array.items().size(); i++) {
                items.add(visit(array.items().get(i), pointer + "/" + i, context));
            }
            return new ArrayNode(array.position(), items);
        }
        if (node instanceof StringNode string && string.value().indexOf('{') >= 0) {
            return substituteString(string, pointer, context);
        }
        return node;
    }

    private Node substituteString(StringNode string, String pointer, Context context) {
        Matcher matcher = REFERENCE.matcher(string.value());
        StringBuilder result = new StringBuilder();
        List<Reference> references = new ArrayList<>();
        boolean unresolved = false;
        int last = 0;
        while (matcher.find()) {
            Reference reference = new Reference(matcher.group(1).equals("env"), matcher.group(2));
            references.add(reference);
            Position at = positionInString(string, matcher.start(), context.sourceText);
            Optional<String> value = reference.fromEnvironment()
                    ? resolveVariable(reference, at, pointer, context.issues)
                    : resolveFile(reference, at, pointer, context);
            result.append(string.value(), last, matcher.start());
            if (value.isPresent()) {
                result.append(value.get());
            } else {
                unresolved = true;
                result.append(matcher.group());
            }
            last = matcher.end();
        }
        if (references.isEmpty()) {
            return string;
        }
        boolean wholeReference = references.size() == 1 && matcher.reset().matches();
        result.append(string.value(), last, string.value().length());
        return new StringNode(string.position(), result.toString(), string.rawOffset(), references, unresolved,
                wholeReference);
    }

    private Optional<String> resolveVariable(Reference reference, Position at, String pointer, List<Issue> issues) {
        String name = reference.target();
        if (!VARIABLE_NAME.matcher(name).matches()) {
            issues.add(Issue.error(at, pointer, reference + ": \"" + name + "\" is not an environment variable name"
                    + " (letters, digits and _, not starting with a digit)"));
            return Optional.empty();
        }
        Optional<String> value = environment.get(name);
        if (value.isEmpty()) {
            String message = reference + ": the environment variable " + name + " is not set";
            issues.add(unsetVariablesAreWarnings
                    ? Issue.warning(at, pointer, message + "; it must be set wherever this file is used")
                    : Issue.error(at, pointer, message + "; set it, or write the value instead of the reference"));
        }
        return value;
    }

    private Optional<String> resolveFile(Reference reference, Position at, String pointer, Context context) {
        String target = reference.target();
        if (target.isBlank()) {
            context.issues.add(Issue.error(at, pointer, reference + ": the reference names no file"));
            return Optional.empty();
        }
        Path path;
        try {
            path = resolvePath(target, context.baseDirectory);
        } catch (InvalidPathException e) {
            context.issues.add(Issue.error(at, pointer, reference + ": \"" + target + "\" is not a valid path"));
            return Optional.empty();
        }
        SourceReader.Text text = SourceReader.readFile(path);
        if (!text.ok()) {
            String where = text.line() > 0 ? " (at " + text.line() + ":" + text.column() + ")" : "";
            context.issues.add(Issue.error(at, pointer, reference + ": " + displayPath.apply(path) + ": " + text.problem() + where));
            return Optional.empty();
        }
        return Optional.of(withoutOneTrailingNewline(text.text()));
    }

    private Path resolvePath(String target, Path baseDirectory) {
        if (target.equals("~")) {
            return home;
        }
        if (target.startsWith("~/")) {
            return home.resolve(target.substring(2)).normalize();
        }
        Path path = Path.of(target);
        return path.isAbsolute() ? path.normalize() : baseDirectory.resolve(path).normalize();
    }

    private static String withoutOneTrailingNewline(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        if (text.endsWith("\n")) {
            return text.substring(0, text.length() - 1);
        }
        return text;
    }

    /**
     * The line and column of the character at {@code index} of the decoded string: the string's
     * own column, plus the opening quote, plus the raw characters before it (an escape such as
     * {@code \u00e9} is six raw characters for one decoded one). JSON strings cannot span lines.
     */
    private static Position positionInString(StringNode string, int index, String sourceText) {
        Position start = string.position();
        if (sourceText == null || string.rawOffset() < 0 || !start.hasLine()) {
            return start;
        }
        int raw = string.rawOffset() + 1;
        int decoded = 0;
        while (decoded < index && raw < sourceText.length()) {
            if (sourceText.charAt(raw) == '\\' && raw + 1 < sourceText.length()) {
                raw += sourceText.charAt(raw + 1) == 'u' ? 6 : 2;
            } else {
                raw++;
            }
            decoded++;
        }
        return new Position(start.source(), start.line(), start.column() + (raw - string.rawOffset()));
    }

    private record Context(String sourceText, Path baseDirectory, List<Issue> issues) {
    }
}
