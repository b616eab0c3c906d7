package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config's {@code server} section through the facade: a gateway's token and limits, the token from trusted sources only. */
class ServerSettingsTest {
    private static final String TOKEN = "server-token-0123456789abcdef";

    @TempDir
    Path home;
    @TempDir
    Path project;

    private Creor.Builder builder() {
        return Creor.builder().workingDirectory(project).homeDirectory(home).environment(Map.of());
    }

    @Test
    void theUsersOwnConfigSetsTheTokenAndTheLimits() {
        try (Creor creor = builder().config("{\"server\": {\"token\": \"" + TOKEN + "\", \"maxConcurrent\": 3,"
                + " \"maxBodyBytes\": 65536}}").build()) {
            ServerSettings settings = creor.serverSettings();

            assertThat(settings.token()).hasValueSatisfying(token -> assertThat(token.reveal()).isEqualTo(TOKEN));
            assertThat(settings.maxConcurrent()).hasValue(3);
            assertThat(settings.maxBodyBytes()).hasValue(65536);
            assertThat(settings.toString()).doesNotContain(TOKEN);
        }
    }

    @Test
    void nothingSetIsNothingSet() {
        try (Creor creor = builder().build()) {
            assertThat(creor.serverSettings().token()).isEmpty();
            assertThat(creor.serverSettings().maxConcurrent()).isEmpty();
        }
    }

    @Test
    void anUntrustedProjectFileMayNotSetTheToken() throws IOException {
        Files.writeString(project.resolve("creor.json"), "{\"server\": {\"token\": \"" + TOKEN + "\"}}");

        assertThatThrownBy(() -> builder().build()).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.getMessage()).contains("/server/token", "not trusted").doesNotContain(TOKEN);
        });
    }

    @Test
    void anUntrustedProjectFileMaySetTheLimits() throws IOException {
        Files.writeString(project.resolve("creor.json"), "{\"server\": {\"maxConcurrent\": 2}}");

        try (Creor creor = builder().build()) {
            assertThat(creor.serverSettings().maxConcurrent()).hasValue(2);
        }
    }

    @Test
    void aShortTokenIsAConfigErrorThatDoesNotShowIt() {
        assertThatThrownBy(() -> builder().config("{\"server\": {\"token\": \"short-secret\"}}").build())
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("/server/token", "at least 16").doesNotContain("short-secret");
                });
    }
}
