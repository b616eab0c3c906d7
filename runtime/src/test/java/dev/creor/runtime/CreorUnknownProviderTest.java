package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedding program that names a provider it has not installed is told where plugins are looked for. */
class CreorUnknownProviderTest {
    @TempDir
    Path home;

    @Test
    void theErrorNamesThePluginDirectoriesSearched() {
        assertThatThrownBy(() -> Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of())
                .config("{\"model\": \"acme/large\"}").build())
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("unknown provider \"acme\"");
                    assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                            .contains("plugin jar", home.resolve(".local/share/creor/plugins").toString(),
                                    "Creor.Builder.pluginDirectories"));
                });
    }

    @Test
    void anEmbeddingProgramsOwnDirectoriesAreTheOnesNamed(@TempDir Path plugins) {
        assertThatThrownBy(() -> Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of())
                .pluginDirectories(List.of(plugins)).config("{\"model\": \"acme/large\"}").build())
                .isInstanceOfSatisfying(CreorException.class, error -> assertThat(error.hint())
                        .hasValueSatisfying(hint -> assertThat(hint).contains(plugins.toString())));
    }
}
