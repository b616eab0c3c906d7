package dev.creor.config.trust;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.creor.config.ProjectTrust;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file;
    private TrustStore store;
    private Path project;
    private Path config;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("data/creor/trust.json");
        store = new TrustStore(file, NOON);
        project = Files.createDirectories(dir.resolve("project"));
        config = Files.writeString(project.resolve("creor.json"), "{\"model\": \"openrouter/openai/gpt-4o\"}");
    }

    @Test
    void livesBesideTheCredentialStore() {
        Path home = dir.resolve("home");
        assertThat(TrustStore.defaultLocation(Environment.of(Map.of()), home))
                .isEqualTo(home.resolve(".local/share/creor/trust.json"));
        assertThat(TrustStore.defaultLocation(Environment.of(Map.of("XDG_DATA_HOME", "/xdg")), home))
                .isEqualTo(Path.of("/xdg/creor/trust.json"));
        assertThat(TrustStore.defaultLocation(Environment.of(Map.of("XDG_DATA_HOME", "relative")), home))
                .isEqualTo(home.resolve(".local/share/creor/trust.json"));
    }

    @Test
    void recordsTheFolderAndTheHashOfEachFileInAPrivateFile() throws IOException {
        Path nested = Files.createDirectories(project.resolve("tools"));
        Path inner = Files.writeString(nested.resolve("creor.jsonc"), "{}");

        TrustedFolder trusted = store.trust(project, List.of(config, inner));

        assertThat(trusted.folder()).isEqualTo(project.toRealPath());
        assertThat(trusted.trustedAt()).isEqualTo(NOON.instant());
        assertThat(trusted.files()).containsExactly(
                Map.entry("creor.json", TrustStore.hash(Files.readAllBytes(config))),
                Map.entry("tools/creor.jsonc", TrustStore.hash("{}".getBytes(UTF_8))));
        assertThat(TrustStore.hash("{}".getBytes(UTF_8)))
                .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(store.folders()).containsExactly(trusted);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).contains("\"version\" : 1").contains("\"" + project.toRealPath() + "\"")
                .contains("\"trustedAt\" : \"2026-05-01T12:00:00Z\"");
    }

    @Test
    void trustsExactlyTheRecordedContentOfTheRecordedFiles() throws IOException {
        store.trust(project, List.of(config));
        ProjectTrust trust = store.asProjectTrust();

        assertThat(trust.trusts(config, Files.readAllBytes(config))).isTrue();
        assertThat(trust.trusts(config, "{\"model\": \"openrouter/other\"}".getBytes(UTF_8))).isFalse();
        assertThat(trust.trusts(project.resolve("sub/creor.json"), Files.readAllBytes(config))).isFalse();
        assertThat(trust.trusts(dir.resolve("creor.json"), Files.readAllBytes(config))).isFalse();
    }

    @Test
    void aFolderReachedThroughALinkIsTheSameFolder() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), project);

        store.trust(link, List.of(link.resolve("creor.json")));

        assertThat(store.asProjectTrust().trusts(config, Files.readAllBytes(config))).isTrue();
    }

    @Test
    void leavesOutFilesOutsideTheFolder() throws IOException {
        Path above = Files.writeString(dir.resolve("creor.json"), "{}");

        TrustedFolder trusted = store.trust(project, List.of(above, config));

        assertThat(trusted.files()).containsOnlyKeys("creor.json");
    }

    @Test
    void trustingAgainRecordsTheFolderAsItIsNowKeepingFilesTrustedFromElsewhere() throws IOException {
        Path nested = Files.createDirectories(project.resolve("tools"));
        Path inner = Files.writeString(nested.resolve("creor.json"), "{}");
        store.trust(project, List.of(config, inner));
        Files.writeString(inner, "{\"model\": \"openrouter/openai/o3\"}");
        Files.delete(config);

        TrustedFolder again = store.trust(project, List.of());

        assertThat(again.files()).containsExactly(Map.entry("tools/creor.json", TrustStore.hash(Files.readAllBytes(inner))));
    }

    @Test
    void saysWhatBecameOfEachRecordedFile() throws IOException {
        Path other = Files.writeString(project.resolve("creor.jsonc"), "{}");
        Path gone = Files.writeString(Files.createDirectories(project.resolve("gone")).resolve("creor.json"), "{}");
        TrustedFolder trusted = store.trust(project, List.of(config, other, gone));
        Files.writeString(other, "{\"model\": \"openrouter/openai/o3\"}");
        Files.delete(gone);

        assertThat(trusted.state("creor.json")).isEqualTo(TrustedFolder.FileState.UNCHANGED);
        assertThat(trusted.state("creor.jsonc")).isEqualTo(TrustedFolder.FileState.CHANGED);
        assertThat(trusted.state("gone/creor.json")).isEqualTo(TrustedFolder.FileState.MISSING);
    }

    @Test
    void revokingForgetsTheFolder() throws IOException {
        TrustedFolder trusted = store.trust(project, List.of(config));

        assertThat(store.revoke(project)).contains(trusted);
        assertThat(store.revoke(project)).isEmpty();
        assertThat(store.folders()).isEmpty();
        assertThat(store.asProjectTrust().trusts(config, Files.readAllBytes(config))).isFalse();
    }

    @Test
    void aSymbolicLinkInPlaceOfTheRecordIsRefusedNeverFollowedNorReplaced() throws IOException {
        Path planted = Files.writeString(dir.resolve("planted.json"), "{\"version\": 1, \"folders\": {\"" + project
                + "\": {\"trustedAt\": \"2026-01-01T00:00:00Z\", \"files\": {\"creor.json\": \""
                + TrustStore.hash(Files.readAllBytes(config)) + "\"}}}}");
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, planted);

        assertThatThrownBy(() -> store.asProjectTrust().trusts(config, Files.readAllBytes(config)))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).startsWith("the trust store " + file + " is a symbolic link to " + planted);
                });
        assertThatThrownBy(() -> store.trust(project, List.of(config))).isInstanceOf(CreorException.class);
        assertThat(Files.isSymbolicLink(file)).isTrue();
    }

    @Test
    void aRecordOthersMayReadOrWriteIsRefused() throws IOException {
        store.trust(project, List.of(config));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(store::folders).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.getMessage()).isEqualTo("the trust store " + file + " is open to other users (mode rw-rw-rw-);"
                    + " it must be readable by you alone");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("chmod 600 " + file)
                    .contains("creor trust --list"));
        });
    }

    @Test
    void aRecordOfAnotherUserIsRefused() throws IOException {
        store.trust(project, List.of(config));
        assumeThat(changeOwner(file, 65534)).as("SKIPPED: changing a file's owner needs root; the chmod test covers the rest")
                .isTrue();

        assertThatThrownBy(store::folders).isInstanceOf(CreorException.class).hasMessageContaining(" belongs to ");
    }

    @Test
    void aCorruptRecordIsAClearErrorAndIsNeverOverwritten() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\": 1, \"folders\": ");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> store.trust(project, List.of(config))).isInstanceOfSatisfying(CreorException.class,
                error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).startsWith("the trust store " + file + " is not valid JSON");
                });
        assertThat(Files.readString(file)).isEqualTo("{\"version\": 1, \"folders\": ");
    }

    @Test
    void aWriteRemovesTemporaryFilesACrashLeftBehind() throws IOException {
        store.trust(project, List.of(config));
        Path crashed = Files.writeString(file.resolveSibling(".trust.json.99.tmp"), "{}");

        store.revoke(project);

        assertThat(Files.exists(crashed, LinkOption.NOFOLLOW_LINKS)).isFalse();
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("trust.json",
                    "trust.json.lock");
        }
    }

    private static boolean changeOwner(Path path, int uid) {
        try {
            Files.setAttribute(path, "unix:uid", uid);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
