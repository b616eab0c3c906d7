package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The model list on disk: one file per base URL (so a sandbox and the real service never share
 * a list), holding the raw {@code /models} body and when it was fetched.
 *
 * <p>Writes go to a temporary file in the same directory, then replace the cache file with an
 * atomic move, so a reader never sees half a file and a crash never leaves one. Every method
 * blocks: call them on the host's blocking executor.
 */
final class CatalogCache {
    /** What the cache holds. */
    record Entry(Instant fetchedAt, byte[] body) {
    }

    private final Path file;
    private final String baseUrl;

    CatalogCache(Path directory, URI baseUrl) {
        this.baseUrl = baseUrl.toString();
        this.file = directory.resolve("models-" + shortHash(this.baseUrl) + ".json");
    }

    Path file() {
        return file;
    }

    /**
     * The cached list, or empty when there is none.
     *
     * @throws IOException when the file exists but cannot be read or is not a cache file
     */
    Optional<Entry> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        JsonNode root = Json.MAPPER.readTree(bytes);
        if (root == null || !root.has("fetchedAt") || !root.has("body") || !baseUrl.equals(Json.text(root.get("baseUrl")))) {
            throw new IOException("not a model-list cache file for " + baseUrl);
        }
        try {
            Instant fetchedAt = Instant.parse(root.get("fetchedAt").asText());
            return Optional.of(new Entry(fetchedAt, Json.MAPPER.writeValueAsBytes(root.get("body"))));
        } catch (DateTimeParseException e) {
            throw new IOException("the cache file's fetchedAt is not a time: " + e.getMessage(), e);
        }
    }

    /** Replaces the cached list atomically. */
    void write(Entry entry) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("baseUrl", baseUrl);
        root.put("fetchedAt", entry.fetchedAt().toString());
        root.set("body", Json.MAPPER.readTree(entry.body()));
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), "models-", ".tmp");
        try {
            Files.write(temporary, Json.MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notOnThisFileSystem) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
