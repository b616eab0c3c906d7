package dev.creor.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * <p>Writes are atomic: a temporary file in the same directory, flushed to disk, renamed over
 * the file; it keeps the file's permissions (new files get {@code rw-------}). A symbolic link
 * is followed, so a config file kept in a dotfiles repository stays there. A UTF-8 byte-order
 * mark and the file's line breaks are kept.
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
     * @throws CreorException {@code CONFIG_INVALID} when the file cannot be parsed,
     *                        {@code IO_ERROR} when it cannot be read
     */
    public Optional<Object> read(List<String> path) {
        Objects.requireNonNull(path, "path is null");
        Optional<byte[]> content = readBytes(file);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JsoncText.tree(stripBom(decode(content.get())));
        } catch (JsoncText.Unreadable e) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the config file " + file + " cannot be read: "
                    + e.describe()).hint("fix the file in an editor; `creor config validate` shows the problem").build();
        }
        for (String key : path) {
            node = node.path(key);
        }
        return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(JsonLike.of(node));
    }

    /**
     * Applies the edits, in order, all or none.
     *
     * @return what was done; {@link EditOutcome.Refused} when the edits cannot be made safely
     * @throws CreorException {@code IO_ERROR} when the file cannot be read or written
     */
    public EditOutcome apply(List<ConfigEdit> edits) {
        List<ConfigEdit> changes = List.copyOf(edits);
        Optional<byte[]> original = readBytes(file);
        String decoded = original.map(ConfigFileEditor::decode).orElse("");
        boolean bom = decoded.startsWith(BYTE_ORDER_MARK);
        String text = stripBom(decoded);
        String edited;
        try {
            edited = splice(text, changes);
        } catch (JsoncSplicer.Refusal refusal) {
            return refuse(refusal.getMessage(), changes);
        } catch (JsoncText.Unreadable unreadable) {
            return refuse("it cannot be parsed: " + unreadable.describe() + "; fix it first", changes);
        }
        if (original.isPresent() && edited.equals(text)) {
            return new EditOutcome.Unchanged(file);
        }
        byte[] bytes = ((bom ? BYTE_ORDER_MARK : "") + edited).getBytes(StandardCharsets.UTF_8);
        write(bytes, original);
        return new EditOutcome.Written(file, original.isEmpty());
    }

    /** Splices every edit, then checks the result against the old document with the edits applied. */
    private static String splice(String text, List<ConfigEdit> edits) throws JsoncSplicer.Refusal, JsoncText.Unreadable {
        JsonNode before = JsoncText.tree(text);
        if (!before.isObject()) {
            throw new JsoncSplicer.Refusal("its top level is not an object");
        }
        ObjectNode expected = ((ObjectNode) before).deepCopy();
        String edited = text;
        for (ConfigEdit edit : edits) {
            edited = JsoncSplicer.apply(edited, edit);
            applyToTree(expected, edit);
        }
        JsonNode after;
        try {
            after = JsoncText.tree(edited);
        } catch (JsoncText.Unreadable broken) {
            throw new JsoncSplicer.Refusal("Creor could not find a safe place for the change in it");
        }
        if (!after.equals(expected)) {
            throw new JsoncSplicer.Refusal("Creor could not change it without touching other values");
        }
        if (!JsoncText.comments(edited).equals(JsoncText.comments(text))) {
            throw new JsoncSplicer.Refusal("a comment stands inside a value that would be replaced or removed, "
                    + "and Creor never drops comments");
        }
        return edited;
    }

    private static void applyToTree(ObjectNode root, ConfigEdit edit) throws JsoncSplicer.Refusal {
        List<String> path = edit.path();
        ObjectNode object = root;
        for (String key : path.subList(0, path.size() - 1)) {
            JsonNode child = object.get(key);
            if (child == null) {
                if (edit instanceof ConfigEdit.Remove) {
                    return;
                }
                child = object.putObject(key);
            } else if (!child.isObject()) {
                if (edit instanceof ConfigEdit.Remove) {
                    return;
                }
                throw new JsoncSplicer.Refusal(edit.dottedPath() + " cannot be set: a key on its way is not an object");
            }
            object = (ObjectNode) child;
        }
        String last = path.get(path.size() - 1);
        if (edit instanceof ConfigEdit.Set set) {
            try {
                object.set(last, JsoncText.MAPPER.readTree(JsoncSplicer.compact(set.value())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a rendered value does not parse", e);
            }
        } else {
            object.remove(last);
        }
    }

    /** The refusal to apply the edits for the given reason, with the snippet to paste. */
    EditOutcome.Refused refusal(String problem, List<ConfigEdit> edits) {
        return refuse(problem, edits);
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
            Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                if (posix) {
                    Files.setPosixFilePermissions(temp, expected.isPresent()
                            ? Files.getPosixFilePermissions(target) : NEW_FILE_PERMISSIONS);
                }
                Optional<byte[]> current = readBytes(target);
                if (current.isPresent() != expected.isPresent()
                        || current.isPresent() && !Arrays.equals(current.get(), expected.get())) {
                    throw CreorException.builder(ErrorCode.IO_ERROR, "the config file " + file
                            + " changed while Creor was saving it; nothing was written").hint("reload and try again")
                            .build();
                }
                moveAtomically(temp, target);
                syncDirectory(directory);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw CreorException.builder(ErrorCode.IO_ERROR, "could not write the config file " + file + ": "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()))
                    .hint("check that the directory exists and that you may write to it").cause(e).build();
        }
    }

    private static void moveAtomically(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot replace files atomically", e);
        }
    }

    private static void syncDirectory(Path directory) {
        // Makes the rename itself durable; some systems cannot open a directory, which is harmless.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The data is flushed already; only the rename's durability is at stake.
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
