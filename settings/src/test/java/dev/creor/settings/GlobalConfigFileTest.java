package dev.creor.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.config.edit.ConfigEdit;
import dev.creor.config.edit.EditOutcome;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalConfigFileTest {
    @TempDir
    Path home;

    @Test
    void livesInTheXdgConfigHomeOrUnderDotConfig() {
        Path xdg = home.resolve("xdg");

        assertThat(GlobalConfigFile.forUser(Environment.of(Map.of("XDG_CONFIG_HOME", xdg.toString())), home).path())
                .isEqualTo(xdg.resolve("creor/creor.json"));
        assertThat(GlobalConfigFile.forUser(Environment.empty(), home).path())
                .isEqualTo(home.resolve(".config/creor/creor.json"));
        assertThat(GlobalConfigFile.forUser(Environment.of(Map.of("XDG_CONFIG_HOME", "relative")), home).path())
                .isEqualTo(home.resolve(".config/creor/creor.json"));
    }

    @Test
    void editsTheJsoncFileWhenOnlyItExists() throws IOException {
        GlobalConfigFile config = new GlobalConfigFile(home);
        Files.writeString(home.resolve("creor.jsonc"), "{ /* mine */ }");

        assertThat(config.path()).isEqualTo(home.resolve("creor.jsonc"));
        assertThat(config.apply(List.of(ConfigEdit.set(List.of("model"), "openrouter/openai/o3"))))
                .isInstanceOf(EditOutcome.Written.class);
        assertThat(Files.readString(home.resolve("creor.jsonc")))
                .isEqualTo("{\n  \"model\": \"openrouter/openai/o3\"\n/* mine */}");
        assertThat(Files.exists(home.resolve("creor.json"))).isFalse();
    }

    @Test
    void refusesToChooseBetweenTwoFiles() throws IOException {
        GlobalConfigFile config = new GlobalConfigFile(home);
        Files.writeString(home.resolve("creor.json"), "{}");
        Files.writeString(home.resolve("creor.jsonc"), "{}");

        EditOutcome outcome = config.apply(List.of(ConfigEdit.set(List.of("model"), "openrouter/openai/o3")));

        assertThat(outcome).isInstanceOfSatisfying(EditOutcome.Refused.class, refused -> assertThat(refused.reason())
                .contains("both creor.json and creor.jsonc exist in " + home));
        assertThat(Files.readString(home.resolve("creor.json"))).isEqualTo("{}");
        assertThatThrownBy(() -> config.read(List.of("model"))).isInstanceOfSatisfying(CreorException.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }
}
