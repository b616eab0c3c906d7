package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a new user's mistakes get as a real process against the sandbox (issue 19): the
 * diagnosis names the actual mistake — the base URL, the provider missing from a model id,
 * the variable holding the rejected key, the whitelist that blocks the default model — and
 * says what to do about it.
 */
class DiagnosisIT extends SandboxCommandTest {
    private static final String WRONG_KEY = "sk-or-v1-" + "0badc0de".repeat(8);

    private CreorProcess creor() {
        return CreorProcess.inHome(home).in(project).env("OPENROUTER_API_KEY", sandbox.apiKey().reveal());
    }

    /** The global config with OpenRouter at the sandbox's root, without its {@code /api/v1}. */
    private String rootWithoutApiPath() {
        String root = sandbox.baseUrl().toString().replaceFirst("/api/v1$", "");
        CliFixtures.writeGlobalConfig(home, CliFixtures.sandboxConfig(sandbox).replace(sandbox.baseUrl().toString(), root));
        return root;
    }

    @Test
    void aBaseUrlWithoutTheApiPathIsDiagnosedAsSuchByRun() {
        String root = rootWithoutApiPath();

        CreorProcess.Result result = creor().run("run", "--model", "openrouter/openai/gpt-4o-mini", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).as(result.toString())
                .contains("creor: the base URL " + root + " looks wrong: the server answered HTTP 404",
                        "  hint: OpenRouter's API is under /api/v1; check provider.openrouter.options.baseURL")
                .doesNotContain("did you mean", "check the model id");
    }

    @Test
    void aBaseUrlWithoutTheApiPathIsDiagnosedAsSuchByDoctor() {
        String root = rootWithoutApiPath();

        CreorProcess.Result result = creor().run("doctor");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).as(result.toString())
                .contains("the base URL " + root + " looks wrong", "fix: OpenRouter's API is under /api/v1")
                .doesNotContain("check the model id");
    }

    @Test
    void aFailedRefreshOfTheModelListIsAFailureNotAnEmptyList() {
        String root = rootWithoutApiPath();

        CreorProcess.Result result = creor().run("models", "--refresh");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).as(result.toString())
                .startsWith("creor: the base URL " + root + " looks wrong: ")
                .contains("  hint: OpenRouter's API is under /api/v1")
                .doesNotContain("CreorException", "no model matches");
    }

    @Test
    void aModelWithoutItsProviderGetsTheFullReferenceSuggested() {
        for (String typed : List.of("openai/gpt-4o", "gpt-4o")) {
            CreorProcess.Result result = creor().run("run", "--model", typed, "hello");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.stderr()).as(result.toString())
                    .contains("creor: --model \"" + typed + "\" does not name the provider (did you mean "
                            + "\"openrouter/openai/gpt-4o\"",
                            "  hint: write the provider (openrouter), a slash, then the provider's model id, e.g. "
                                    + "--model openrouter/openai/gpt-4o");
        }
    }

    @Test
    void aRejectedKeyFromTheEnvironmentIsExplainedByItsSource() {
        CreorProcess.Result run = creor().env("OPENROUTER_API_KEY", WRONG_KEY)
                .run("run", "--model", "openrouter/openai/gpt-4o", "hello");
        CreorProcess.Result doctor = creor().env("OPENROUTER_API_KEY", WRONG_KEY).run("doctor");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr()).as(run.toString())
                .contains("  hint: the rejected key comes from environment variable OPENROUTER_API_KEY, which takes "
                        + "precedence over a stored key; set the variable to a valid key, or unset it")
                .doesNotContain("set the key with `creor auth login");
        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(3);
        assertThat(doctor.stdout()).as(doctor.toString())
                .contains("fix: the rejected key comes from environment variable OPENROUTER_API_KEY")
                .doesNotContain("set the key with `creor auth login");
    }

    @Test
    void aWhitelistThatBlocksTheDefaultModelSaysWhatToDo() {
        CliFixtures.writeConfig(project, "{\"provider\": {\"openrouter\": {\"whitelist\": [\"anthropic/*\"]}}}");

        CreorProcess.Result result = creor().run("run", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).as(result.toString())
                .contains("the default model \"openrouter/openrouter/auto\" is not allowed",
                        "  hint: no model is configured and the default one is not allowed: set \"model\" in creor.json,"
                                + " or pass --model");
    }
}
