package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A section of the user's own name with a {@code type} ({@code provider.lab} with
 * {@code "type": "openrouter"}) is checked against that provider's fragment, and only trusted
 * sources may write it: an untrusted project file could otherwise add an endpoint to send
 * prompts and keys to.
 */
class TypedProviderSectionsTest {
    @TempDir
    Path dir;

    private static LoadedConfig load(ConfigFixture fixture) {
        return fixture.loader().providerSchemas(Map.of("openrouter", TrustedSourcesTest.MARKED_FRAGMENT)).build().load();
    }

    private static List<String> rendered(LoadedConfig loaded) {
        return loaded.report().problems().stream().map(ConfigProblem::render).toList();
    }

    @Test
    void aTypedSectionIsCheckedAgainstItsTypesSchema() {
        ConfigFixture fixture = new ConfigFixture(dir);
        fixture.global("""
                {"provider": {"lab": {"type": "openrouter", "options": {"baseURL": "http://127.0.0.1:9/v1", "bogus": 1}}}}
                """);

        LoadedConfig loaded = load(fixture);

        assertThat(rendered(loaded)).singleElement().asString().contains("/provider/lab/options/bogus", "unknown key");
    }

    @Test
    void aValidTypedSectionCarriesItsType() {
        ConfigFixture fixture = new ConfigFixture(dir);
        fixture.global("""
                {"provider": {"lab": {"type": "openrouter", "options": {"baseURL": "http://127.0.0.1:9/v1"}}}}
                """);

        LoadedConfig loaded = load(fixture);

        assertThat(rendered(loaded)).isEmpty();
        assertThat(loaded.config().provider("lab")).hasValueSatisfying(section -> {
            assertThat(section.type()).contains("openrouter");
            assertThat(section.options()).containsEntry("baseURL", "http://127.0.0.1:9/v1");
        });
    }

    @Test
    void anUntrustedProjectFileMayNotAddAnEndpoint() {
        ConfigFixture fixture = new ConfigFixture(dir).untrusted();
        fixture.project("creor.json", """
                {"provider": {"lab": {"type": "openrouter"}}}
                """);

        LoadedConfig loaded = load(fixture);

        assertThat(loaded.report().isValid()).isFalse();
        assertThat(rendered(loaded)).anySatisfy(problem -> assertThat(problem).contains("/provider/lab/type",
                "this project file is not trusted, so it may not add a provider endpoint"));
    }
}
