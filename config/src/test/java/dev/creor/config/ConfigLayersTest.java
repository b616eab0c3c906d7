package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLayersTest {
    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    /** Sets up the first {@code layers} sources, each setting model to its own name and describing its own agent. */
    private LoadedConfig loadWithLayers(int layers) throws IOException {
        ConfigLoader.Builder builder = fixture.loader(fixture.project.resolve("sub"));
        Files.createDirectories(fixture.project.resolve("sub"));
        String[] names = {"defaults", "global", "creor-config", "project-outer", "project-inner", "inline", "flag"};
        for (int layer = 0; layer < layers; layer++) {
            String json = "{\"model\": \"p/" + names[layer] + "\", \"agent\": {\"" + names[layer] + "\": {\"description\": \""
                    + names[layer] + "\"}}}";
            switch (layer) {
                case 0 -> builder.defaults(json);
                case 1 -> fixture.global(json);
                case 2 -> {
                    fixture.write(dir.resolve("elsewhere/extra.json"), json);
                    fixture.env("CREOR_CONFIG", dir.resolve("elsewhere/extra.json").toString());
                }
                case 3 -> fixture.project("creor.json", json);
                case 4 -> fixture.project("sub/creor.jsonc", json);
                case 5 -> fixture.env("CREOR_CONFIG_CONTENT", json);
                default -> builder.flag("--model", "/model", "p/flag")
                        .flag("--agent-description", "/agent/flag/description", "flag");
            }
        }
        return builder.environment(dev.creor.core.Environment.of(fixture.env)).build().load();
    }

    @ParameterizedTest(name = "with {0} layers the highest wins")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void eachLayerOverridesTheOnesBelowIt(int layers) throws IOException {
        LoadedConfig loaded = loadWithLayers(layers);
        String[] names = {"defaults", "global", "creor-config", "project-outer", "project-inner", "inline", "flag"};

        assertThat(loaded.report().problems()).isEmpty();
        CreorConfig config = loaded.config();
        assertThat(config.model()).contains(new ModelRef("p", names[layers - 1]));
        assertThat(config.agents().keySet()).containsExactly(List.of(names).subList(0, layers).toArray(String[]::new));
    }

    @Test
    void listsTheSourcesLowestFirstAndAttributesEachValue() throws IOException {
        LoadedConfig loaded = loadWithLayers(7);

        assertThat(loaded.sources()).extracting(ConfigSource::kind).containsExactly(ConfigSource.Kind.DEFAULTS,
                ConfigSource.Kind.GLOBAL_FILE, ConfigSource.Kind.CREOR_CONFIG_FILE, ConfigSource.Kind.PROJECT_FILE,
                ConfigSource.Kind.PROJECT_FILE, ConfigSource.Kind.INLINE, ConfigSource.Kind.FLAG, ConfigSource.Kind.FLAG);
        assertThat(loaded.sources()).extracting(ConfigSource::displayName).containsExactly("defaults",
                "~/.config/creor/creor.json", dir.resolve("elsewhere/extra.json").toString(), "~/work/project/creor.json",
                "creor.jsonc", "CREOR_CONFIG_CONTENT", "--model", "--agent-description");
        Provenance provenance = loaded.provenance();
        assertThat(provenance.describe("/agent/defaults/description")).isEqualTo("built-in default");
        assertThat(provenance.describe("/agent/global/description")).isEqualTo("~/.config/creor/creor.json:1:59");
        assertThat(provenance.describe("/agent/project-inner/description")).isEqualTo("creor.jsonc:1:73");
        assertThat(provenance.describe("/agent/inline/description")).isEqualTo("CREOR_CONFIG_CONTENT:1:59");
        assertThat(provenance.describe("/model")).isEqualTo("--model (flag)");
        assertThat(provenance.originOf("/model").orElseThrow().kind()).isEqualTo(Origin.Kind.FLAG);
        assertThat(provenance.originOf("/agent/inline/description").orElseThrow().kind()).isEqualTo(Origin.Kind.INLINE);
        assertThat(provenance.originOf("/agent/global/description").orElseThrow().kind()).isEqualTo(Origin.Kind.FILE);
        assertThat(provenance.originOf("/agent/defaults/description").orElseThrow().kind()).isEqualTo(Origin.Kind.DEFAULT);
    }

    @Test
    void contentAddedByTheApplicationSitsAboveTheEnvironmentsInlineTextAndBelowFlags() {
        fixture.env("CREOR_CONFIG_CONTENT", "{\"model\": \"p/inline\", \"fallbacks\": [\"p/inline\"]}");
        LoadedConfig loaded = fixture.loader(fixture.project)
                .content("embedding", "{\n  // added by the program\n  \"model\": \"p/embedded\", \"modle\": 1}")
                .environment(dev.creor.core.Environment.of(fixture.env))
                .build().load();

        assertThat(loaded.report().problems()).extracting(ConfigProblem::render)
                .containsExactly("embedding:3:26: /modle: unknown key \"modle\" (did you mean \"model\"?)");
        assertThat(loaded.provenance().describe("/model")).isEqualTo("embedding:3:12");
        assertThat(loaded.provenance().describe("/fallbacks")).isEqualTo("CREOR_CONFIG_CONTENT:1:36");
        assertThat(loaded.sources()).extracting(ConfigSource::displayName).endsWith("CREOR_CONFIG_CONTENT", "embedding");
    }

    @Test
    void mergesObjectsDeeplyAndReplacesArraysAndScalarsWhole() {
        fixture.global("""
                {
                  "fallbacks": ["openrouter/a/1", "openrouter/a/2"],
                  "provider": {"openrouter": {
                    "options": {"apiKey": "sk-or-v1-global-key-0000000000000000", "baseURL": "https://global.example/api"},
                    "whitelist": ["a/*", "b/*"],
                    "routing": {"sort": "price"},
                    "timeout": 1000
                  }}
                }
                """);
        fixture.project("creor.json", """
                {
                  "fallbacks": ["openrouter/c/3"],
                  "provider": {"openrouter": {
                    "options": {"baseURL": "https://project.example/api"},
                    "whitelist": ["c/*"],
                    "timeout": false
                  }}
                }
                """);

        LoadedConfig loaded = fixture.load();

        ProviderConfig openrouter = loaded.config().provider("openrouter").orElseThrow();
        assertThat(openrouter.options()).containsOnlyKeys("apiKey", "baseURL")
                .containsEntry("apiKey", Secret.of("sk-or-v1-global-key-0000000000000000"))
                .containsEntry("baseURL", "https://project.example/api");
        assertThat(openrouter.whitelist()).containsExactly("c/*");
        assertThat(openrouter.routing()).isEqualTo(Map.of("sort", "price"));
        assertThat(openrouter.timeout()).contains(TimeLimit.disabled());
        assertThat(loaded.config().fallbacks()).containsExactly(ModelRef.parse("openrouter/c/3"));
        Provenance provenance = loaded.provenance();
        assertThat(provenance.describe("/provider/openrouter/options/apiKey")).isEqualTo("~/.config/creor/creor.json:4:27");
        assertThat(provenance.describe("/provider/openrouter/options/baseURL")).isEqualTo("creor.json:4:28");
        assertThat(provenance.describe("/provider/openrouter/routing/sort")).isEqualTo("~/.config/creor/creor.json:6:25");
        assertThat(provenance.describe("/fallbacks")).isEqualTo("creor.json:2:16");
        assertThat(provenance.describe("/provider/openrouter")).as("an object belongs to the last source that touched it")
                .isEqualTo("creor.json:3:30");
    }

    @Test
    void readsProjectFilesFromTheGitRootDownOutermostFirstAndIgnoresFilesAboveIt() throws IOException {
        fixture.write(fixture.home.resolve("work/creor.json"), "{\"model\": \"p/above-git-root\"}");
        fixture.project("creor.json", "{\"model\": \"p/root\", \"fallbacks\": [\"p/root\"]}");
        fixture.project("a/creor.json", "{\"model\": \"p/a\"}");
        Path workingDirectory = Files.createDirectories(fixture.project.resolve("a/b/c"));

        LoadedConfig loaded = fixture.loader(workingDirectory).build().load();

        assertThat(loaded.sources()).extracting(ConfigSource::displayName)
                .containsExactly("~/work/project/creor.json", "~/work/project/a/creor.json");
        assertThat(loaded.config().model()).contains(ModelRef.parse("p/a"));
        assertThat(loaded.config().fallbacks()).containsExactly(ModelRef.parse("p/root"));
    }

    @Test
    void aGitFileMarksTheRootAsWellAsAGitDirectory() throws IOException {
        Path worktree = Files.createDirectories(dir.resolve("home/worktree"));
        Files.writeString(worktree.resolve(".git"), "gitdir: /somewhere/else\n");
        fixture.write(dir.resolve("home/creor.json"), "{\"model\": \"p/above\"}");

        LoadedConfig loaded = fixture.loader(worktree).build().load();

        assertThat(loaded.sources()).isEmpty();
    }

    @Test
    void theGlobalFileFollowsXdgConfigHome() {
        Path xdg = dir.resolve("xdg");
        fixture.write(xdg.resolve("creor/creor.jsonc"), "{\"model\": \"p/xdg\" /* jsonc */}");
        fixture.global("{\"model\": \"p/home\"}");
        fixture.env("XDG_CONFIG_HOME", xdg.toString());

        LoadedConfig loaded = fixture.loader().build().load();

        assertThat(loaded.config().model()).contains(ModelRef.parse("p/xdg"));
        assertThat(fixture.loader().build().globalConfigDirectory()).isEqualTo(xdg.resolve("creor"));
    }

    @Test
    void aRelativeXdgConfigHomeIsIgnoredAsTheSpecificationSays() {
        fixture.global("{\"model\": \"p/home\"}");
        fixture.env("XDG_CONFIG_HOME", "relative/xdg");

        assertThat(fixture.loader().build().load().config().model()).contains(ModelRef.parse("p/home"));
    }

    @Test
    void bothCreorJsonAndCreorJsoncInOneDirectoryIsAnErrorNamingBoth() {
        fixture.project("creor.json", "{}");
        fixture.project("creor.jsonc", "{}");

        assertThat(fixture.load().report().problems()).extracting(ConfigProblem::render)
                .containsExactly("creor.jsonc: both creor.json and creor.jsonc exist in the working directory; keep one of them");
    }

    @Test
    void creorConfigIsResolvedAgainstTheWorkingDirectoryAndHome() {
        fixture.project("config/extra.json", "{\"model\": \"p/relative\"}");
        fixture.write(fixture.home.resolve("creor-extra.json"), "{\"model\": \"p/home\"}");

        fixture.env("CREOR_CONFIG", "config/extra.json");
        assertThat(fixture.loader().build().load().config().model()).contains(ModelRef.parse("p/relative"));
        fixture.env("CREOR_CONFIG", "~/creor-extra.json");
        assertThat(fixture.loader().build().load().config().model()).contains(ModelRef.parse("p/home"));
    }

    @Test
    void aMissingCreorConfigFileIsAnError() {
        fixture.env("CREOR_CONFIG", "missing.json");

        LoadedConfig loaded = fixture.loader().build().load();

        assertThat(loaded.isValid()).isFalse();
        assertThat(loaded.report().problems()).extracting(ConfigProblem::render).containsExactly(
                "missing.json: the file does not exist; the CREOR_CONFIG environment variable names it, so fix the path"
                        + " or unset the variable");
        assertThat(loaded.report().isValid()).isFalse();
    }

    @Test
    void aCreorConfigThatIsNoPathAtAllIsAnError() {
        fixture.env("CREOR_CONFIG", "bad\u0000path");

        assertThat(fixture.loader().build().load().report().problems()).extracting(ConfigProblem::render)
                .containsExactly("CREOR_CONFIG: the CREOR_CONFIG environment variable is not a valid path: Nul character not"
                        + " allowed");
    }

    @Test
    void aDirectoryWhereAFileShouldBeIsAnError() throws IOException {
        Files.createDirectories(fixture.project.resolve("creor.json"));

        assertThat(fixture.load().report().problems()).extracting(ConfigProblem::render)
                .containsExactly("creor.json: this is a directory, not a file");
    }

    @Test
    void aFileReachedTwiceIsReadOnce() {
        fixture.global("{\"model\": \"p/global\"}");
        Path globalDirectory = fixture.home.resolve(".config/creor");

        LoadedConfig loaded = fixture.loader(globalDirectory).build().load();

        assertThat(loaded.sources()).hasSize(1);
    }

    @Test
    void inlineContentIsLocatedInTheVariable() {
        fixture.env("CREOR_CONFIG_CONTENT", "{\"modle\": \"p/x\"}");

        assertThat(fixture.load().report().problems()).extracting(ConfigProblem::render)
                .containsExactly("CREOR_CONFIG_CONTENT:1:2: /modle: unknown key \"modle\" (did you mean \"model\"?)");
    }

    @Test
    void flagsBuildTheObjectsAlongTheirPointerAndAreValidatedLikeAnyValue() {
        LoadedConfig loaded = fixture.loaderWithOpenRouter()
                .flag("--agent-model", "/agent/plan/model", "openrouter/openai/o3")
                .flag("--model", "/model", "gpt4")
                .flag("--set", "", Map.of("fallbacks", List.of("openrouter/a/b")))
                .build().load();

        assertThat(loaded.report().problems()).extracting(ConfigProblem::render).containsExactly(
                "--model: /model: expected a model reference provider/model-id, e.g. openrouter/anthropic/claude-sonnet-4,"
                        + " got \"gpt4\"");
        assertThat(loaded.provenance().describe("/agent/plan/model")).isEqualTo("--agent-model (flag)");
        assertThat(loaded.provenance().describe("/fallbacks/0")).isEqualTo("--set (flag)");
    }

    @Test
    void flagsRefuseSecretsNonJsonValuesAndARootThatIsNotAnObject() {
        ConfigLoader.Builder builder = fixture.loader();

        assertThatThrownBy(() -> builder.flag("--key", "/provider/x/options/apiKey", Secret.of("sk-secret-value-123")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds a Secret");
        assertThatThrownBy(() -> builder.flag("--x", "/x", new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.flag("--x", "", "text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flag --x at the root must be an object");
        assertThatThrownBy(() -> builder.flag("--x", "model", "text")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noSourcesAtAllIsAValidEmptyConfiguration() {
        LoadedConfig loaded = fixture.load();

        assertThat(loaded.isValid()).isTrue();
        assertThat(loaded.config().model()).isEmpty();
        assertThat(loaded.config().agents()).isEmpty();
        assertThat(loaded.report().renderText()).isEqualTo("configuration is valid (no configuration files found)\n");
        assertThat(loaded.provenance().describe("/model")).isEqualTo("built-in configuration");
    }

    @Test
    void everyProblemOfEverySourceIsReportedInOnePass() {
        fixture.global("{\"modle\": \"p/x\"}");
        fixture.project("creor.json", "{\"model\": \"openrouter/x\",}\n{}");
        fixture.env("CREOR_CONFIG_CONTENT", "{\"agent\": {\"build\": {\"temperature\": \"hot\"}}}");

        assertThat(fixture.load().report().problems()).extracting(ConfigProblem::render).containsExactly(
                "~/.config/creor/creor.json:1:2: /modle: unknown key \"modle\" (did you mean \"model\"?)",
                "creor.json:2:1: unexpected an object after the end of the top-level object; a file holds one object",
                "CREOR_CONFIG_CONTENT:1:37: /agent/build/temperature: expected a number, got \"hot\"");
    }
}
