package dev.creor.config.edit;

import dev.creor.config.files.AtomicWrite;
import dev.creor.config.files.FileOwnership;
import dev.creor.config.internal.JsoncParser;
import dev.creor.config.internal.Node;
import dev.creor.config.internal.ObjectNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Changes values in a JSON or JSONC config file the way a careful person would with an editor:
 * only the characters of the changed values are touched, so comments, formatting, key order
 * and every other key stay as they are.
 *
 * <p>After splicing, the new text is checked before anything is written: it must parse, hold
 * exactly the old document with the edits applied, and keep every comment. When Creor cannot
 * guarantee that — a comment inside a value being replaced, a file that does not parse, a key
 * that is not an object where the path needs one — nothing is written and the outcome is
 * {@link EditOutcome.Refused} with the reason and a snippet to paste. A missing file is created.
 *
 * <p>The file is read with the config loader's JSONC reader, so what the editor accepts is what
 * the loader accepts (comments, trailing commas; no duplicate keys). Like the loader, it takes
 * only a file that is the user's own: one of another user, or one that others may write, is an
 * error (see {@link FileOwnership}).
 *
 * <p>Writes are atomic ({@link AtomicWrite}): a temporary file in the same directory, flushed to
 * disk, renamed over the file; it keeps the file's permissions (new files get
 * {@code rw-------}), and nothing is written when the file changed since it was read. A
 * symbolic link is followed, so a config file kept in a dotfiles repository stays there. A
 * UTF-8 byte-order mark and the file's line breaks are kept.
 *
 * <pre>{@code
 * EditOutcome outcome = new ConfigFileEditor(Path.of("creor.jsonc")).apply(List.of(
 *         ConfigEdit.set(ConfigEdit.path("provider.openrouter.timeout"), 600000L)));
 * }</pre>
 */
public final class ConfigFileEditor {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    /** An editor of the given file, which need not exist yet. */
    public ConfigFileEditor(Path file) {
        this.file = Objects.requireNonNull(file, "file is null").toAbsolutePath().normalize();
    }

    /** The file edited. */
    public Path file() {
        return file;
    }

    /**
     * The value at a path in the file as it is now, JSON-like ({@link String}, {@link Boolean},
     * {@link java.math.BigDecimal} or {@link Long}, {@link List}, {@link Map}); empty when the
     * file or the key is absent.
     *
     * @throws CreorException {@code CONFIG_INVALID} when the file cannot be parsed or is not the
     *                        user's own, {@code IO_ERROR} when it cannot be read
     */
    public Optional<Object> read(List<String> path) {
        Objects.requireNonNull(path, "path is null");
        requireOwnFile();
        Optional<byte[]> content = readBytes(file);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        JsoncLayout layout;
        try {
            layout = JsoncLayout.read(stripBom(decode(content.get())));
        } catch (JsoncLayout.Unreadable e) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the config file " + file + " cannot be read "
                    + e.getMessage()).hint("fix the file in an editor; `creor config validate` shows the problem").build();
        }
        Node node = layout.root().orElse(null);
        for (String key : path) {
            node = node instanceof ObjectNode object ? object.get(key) : null;
        }
        Object value = node == null ? null : PlainValues.withoutNulls(node);
        return Optional.ofNullable(value);
    }

    /**
     * Applies the edits, in order, all or none.
     *
     * @return what was done; {@link EditOutcome.Refused} when the edits cannot be made safely
     * @throws CreorException {@code CONFIG_INVALID} when the file is not the user's own or not
     *                        UTF-8, {@code IO_ERROR} when it cannot be read or written
     */
    public EditOutcome apply(List<ConfigEdit> edits) {
        List<ConfigEdit> changes = List.copyOf(edits);
        requireOwnFile();
        Optional<byte[]> original = readBytes(file);
        String decoded = original.map(ConfigFileEditor::decode).orElse("");
        boolean bom = decoded.startsWith(BYTE_ORDER_MARK);
        String text = stripBom(decoded);
        String edited;
        try {
            edited = splice(text, changes);
        } catch (JsoncSplicer.Refusal refusal) {
            return refuse(refusal.getMessage(), changes);
        } catch (JsoncLayout.Unreadable unreadable) {
            return refuse("it cannot be parsed " + unreadable.getMessage() + "; fix it first", changes);
        }
        if (original.isPresent() && edited.equals(text)) {
            return new EditOutcome.Unchanged(file);
        }
        byte[] bytes = ((bom ? BYTE_ORDER_MARK : "") + edited).getBytes(StandardCharsets.UTF_8);
        write(bytes, original);
        return new EditOutcome.Written(file, original.isEmpty());
    }

    /** Splices every edit, then checks the result against the old document with the edits applied. */
    private static String splice(String text, List<ConfigEdit> edits) throws JsoncSplicer.Refusal,
            JsoncLayout.Unreadable {
        Object expected = JsoncLayout.read(text).plain();
        String edited = text;
        for (ConfigEdit edit : edits) {
            edited = JsoncSplicer.apply(edited, edit);
            expected = applyToTree(expected, edit);
        }
        Object after;
        try {
            after = JsoncLayout.read(edited).plain();
        } catch (JsoncLayout.Unreadable broken) {
            throw new JsoncSplicer.Refusal("Creor could not find a safe place for the change in it");
        }
        if (!after.equals(expected)) {
            throw new JsoncSplicer.Refusal("Creor could not change it without touching other values");
        }
        if (!JsoncLayout.comments(edited).equals(JsoncLayout.comments(text))) {
            throw new JsoncSplicer.Refusal("a comment stands inside a value that would be replaced or removed, "
                    + "and Creor never drops comments");
        }
        return edited;
    }

    /** The document with the edit applied, as the reader would see it after a correct splice. */
    @SuppressWarnings("unchecked")
    private static Object applyToTree(Object document, ConfigEdit edit) throws JsoncSplicer.Refusal {
        List<String> path = edit.path();
        Map<String, Object> object = (Map<String, Object>) document;
        for (String key : path.subList(0, path.size() - 1)) {
            Object child = object.get(key);
            if (child == null && !object.containsKey(key)) {
                if (edit instanceof ConfigEdit.Remove) {
                    return document;
                }
                child = new LinkedHashMap<String, Object>();
                object.put(key, child);
            } else if (!(child instanceof Map)) {
                if (edit instanceof ConfigEdit.Remove) {
                    return document;
                }
                throw new JsoncSplicer.Refusal(edit.dottedPath() + " cannot be set: a key on its way is not an object");
            }
            object = (Map<String, Object>) child;
        }
        String last = path.get(path.size() - 1);
        if (edit instanceof ConfigEdit.Set set) {
            object.put(last, asRead(set.value()));
        } else {
            object.remove(last);
        }
        return document;
    }

    /** The value as the reader returns it once written: numbers normalised the same way. */
    private static Object asRead(Object value) {
        try {
            Map<?, ?> wrapper = (Map<?, ?>) JsoncLayout.read("{\"v\": " + JsoncSplicer.compact(value) + "}").plain();
            return wrapper.get("v");
        } catch (JsoncLayout.Unreadable e) {
            throw new IllegalStateException("a rendered value does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * The refusal to apply the edits for a reason found outside the file (both
     * {@code creor.json} and {@code creor.jsonc} in its folder, say), with the snippet to paste.
     *
     * @param problem why nothing is written, completing "Creor did not change FILE: "
     * @param edits   the edits that were asked for
     */
    public EditOutcome.Refused refusal(String problem, List<ConfigEdit> edits) {
        Objects.requireNonNull(problem, "problem is null");
        return refuse(problem, List.copyOf(edits));
    }

    private EditOutcome.Refused refuse(String problem, List<ConfigEdit> edits) {
        Map<String, Object> document = new LinkedHashMap<>();
        StringBuilder removals = new StringBuilder();
        for (ConfigEdit edit : edits) {
            if (edit instanceof ConfigEdit.Set set) {
                merge(document, set.path(), set.value());
            } else {
                removals.append(removals.length() == 0 ? "" : ", ").append(edit.dottedPath());
            }
        }
        String reason = "Creor did not change " + file + ": " + problem + ". Add the settings below to it yourself"
                + (removals.length() == 0 ? "" : ", and remove " + removals)
                + "; merge them with the keys already there.";
        return new EditOutcome.Refused(file, reason, JsoncSplicer.render(document));
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> document, List<String> path, Object value) {
        Map<String, Object> object = document;
        for (String key : path.subList(0, path.size() - 1)) {
            Object child = object.get(key);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                object.put(key, child);
            }
            object = (Map<String, Object>) child;
        }
        object.put(path.get(path.size() - 1), value);
    }

    private void write(byte[] bytes, Optional<byte[]> expected) {
        Path target = file;
        try {
            if (Files.isSymbolicLink(file) && expected.isPresent()) {
                target = file.toRealPath();
            }
            Path directory = target.getParent();
            Files.createDirectories(directory);
            boolean posix = Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null;
            Optional<Set<PosixFilePermission>> mode = !posix ? Optional.empty()
                    : Optional.of(expected.isPresent() ? Files.getPosixFilePermissions(target) : NEW_FILE_PERMISSIONS);
            Path written = target;
            AtomicWrite.replace(target, bytes, mode, temp -> {
                Optional<byte[]> current = readBytes(written);
                if (current.isPresent() != expected.isPresent()
                        || current.isPresent() && !Arrays.equals(current.get(), expected.get())) {
                    throw CreorException.builder(ErrorCode.IO_ERROR, "the config file " + file
                            + " changed while Creor was saving it; nothing was written").hint("reload and try again")
                            .build();
                }
            });
        } catch (IOException e) {
            throw CreorException.builder(ErrorCode.IO_ERROR, "could not write the config file " + file + ": "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))
                    .hint("check that the directory exists and that you may write to it").cause(e).build();
        }
    }

    /** Refuses a file that is not the user's own, as the config loader does; an absent file passes. */
    private void requireOwnFile() {
        if (Files.exists(file)) {
            FileOwnership.require(file, "the config file");
        }
    }

    private static Optional<byte[]> readBytes(Path path) {
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CreorException.builder(ErrorCode.IO_ERROR, "could not read the config file " + path + ": "
                    + e.getClass().getSimpleName()).hint("check that you may read it").cause(e).build();
        }
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the config file is not UTF-8 text")
                    .hint("save it as UTF-8 in an editor").build();
        }
    }

    private static String stripBom(String text) {
        return text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text;
    }
}
