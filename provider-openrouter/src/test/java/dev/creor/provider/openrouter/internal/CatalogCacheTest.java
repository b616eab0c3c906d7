package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCacheTest {
    private static final byte[] BODY = "{\"data\":[{\"id\":\"a/b\"}]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    @Test
    void anAbsentCacheReadsAsEmptyAndTheDirectoryIsCreatedOnWrite() throws Exception {
        CatalogCache cache = new CatalogCache(directory.resolve("not/yet"), URI.create("https://openrouter.ai/api/v1"));

        assertThat(cache.read()).isEmpty();
        cache.write(new CatalogCache.Entry(Instant.parse("2026-01-01T10:00:00Z"), BODY));

        CatalogCache.Entry entry = cache.read().orElseThrow();
        assertThat(entry.fetchedAt()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(Json.MAPPER.readTree(entry.body())).isEqualTo(Json.MAPPER.readTree(BODY));
    }

    @Test
    void eachBaseUrlHasItsOwnFile() throws Exception {
        CatalogCache real = new CatalogCache(directory, URI.create("https://openrouter.ai/api/v1"));
        CatalogCache sandbox = new CatalogCache(directory, URI.create("http://127.0.0.1:9999/api/v1"));

        real.write(new CatalogCache.Entry(Instant.EPOCH, BODY));

        assertThat(real.file()).isNotEqualTo(sandbox.file());
        assertThat(sandbox.read()).isEmpty();
    }

    @Test
    void replacingTheCacheLeavesNoTemporaryFileBehind() throws Exception {
        CatalogCache cache = new CatalogCache(directory, URI.create("https://openrouter.ai/api/v1"));

        cache.write(new CatalogCache.Entry(Instant.EPOCH, BODY));
        cache.write(new CatalogCache.Entry(Instant.EPOCH.plusSeconds(5), BODY));

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(cache.file());
        }
        assertThat(cache.read().orElseThrow().fetchedAt()).isEqualTo(Instant.EPOCH.plusSeconds(5));
    }

    @Test
    void aCorruptCacheFileIsReportedNotTrusted() throws Exception {
        CatalogCache cache = new CatalogCache(directory, URI.create("https://openrouter.ai/api/v1"));
        Files.writeString(cache.file(), "{\"fetchedAt\":\"yesterday\",\"baseUrl\":\"https://openrouter.ai/api/v1\",\"body\":{}}");

        assertThatThrownBy(cache::read).isInstanceOf(IOException.class).hasMessageContaining("fetchedAt");

        Files.writeString(cache.file(), "{\"fetch");
        assertThatThrownBy(cache::read).isInstanceOf(IOException.class);
    }
}
