package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code creor auth login|list|logout} as real processes, verifying keys against the sandbox's {@code /key}. */
class AuthCommandIT extends SandboxCommandTest {
    private String key;

    @BeforeEach
    void readTheSandboxKey() {
        key = sandbox.apiKey().reveal();
    }

    private CreorProcess creor() {
        return CreorProcess.inHome(home).in(project);
    }

    private Path authFile() {
        return home.resolve(".local/share/creor/auth.json");
    }

    private long keyRequests() {
        return sandbox.requests().stream().filter(request -> request.path().endsWith("/key")).count();
    }

    @Test
    void loginReadsTheKeyFromStdinVerifiesItAndStoresItPrivately() throws IOException {
        CreorProcess.Result result = creor().stdin(key + "\n").run("auth", "login", "openrouter");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(result.stdout()).isEqualTo("stored OpenRouter key sk-or-v1-…a2e7 in " + authFile()
                + " (verified: label \"sk-or-v1-…a2e7\", limit 25 (monthly), 25 remaining, 0 used)\n");
        assertThat(keyRequests()).isEqualTo(1);
        assertThat(Files.readString(authFile())).contains(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile().getParent())))
                .isEqualTo("rwx------");

        CreorProcess.Result run = creor().run("run", "hello");
        assertThat(run.exitCode()).as("the stored key is used: " + run).isZero();
    }

    @Test
    void theOnlyProviderNeedingAKeyMayBeLeftOut() {
        CreorProcess.Result result = creor().stdin(key).run("auth", "login");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("stored OpenRouter key sk-or-v1-…a2e7");
    }

    @Test
    void aRejectedKeyIsRefusedWithExitCode3UnlessForced() {
        String wrong = "sk-or-v1-" + "0".repeat(64);

        CreorProcess.Result refused = creor().stdin(wrong).run("auth", "login", "openrouter");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr()).startsWith("creor: OpenRouter rejected the key sk-or-v1-…0000: ")
                .contains("\n  hint: ", "--force");
        assertThat(authFile()).doesNotExist();

        CreorProcess.Result forced = creor().stdin(wrong).run("auth", "login", "openrouter", "--force");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.stdout()).startsWith("stored OpenRouter key sk-or-v1-…0000 in ").contains("REJECTED");
        assertThat(authFile()).exists();
    }

    @Test
    void noVerifyStoresWithoutAskingAndAnOddKeyGetsAWarning() {
        CreorProcess.Result result = creor().stdin("abc-123456789012345678901234567890").run("auth", "login",
                "openrouter", "--no-verify");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(keyRequests()).isZero();
        assertThat(result.stdout()).endsWith("(not verified (--no-verify))\n");
        assertThat(result.stderr()).isEqualTo("creor: warning: the key abc-…7890 does not start with sk-or- like "
                + "OpenRouter keys do; check that you pasted a key for OpenRouter\n");
    }

    @Test
    void loginRefusesAnEmptyKeyAndAKeyGivenAsTheProvider() {
        CreorProcess.Result empty = creor().stdin("\n").run("auth", "login", "openrouter");
        CreorProcess.Result keyAsArgument = creor().stdin(key).run("auth", "login", key);

        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(3);
        assertThat(empty.stderr()).startsWith("creor: ");
        assertThat(keyAsArgument.exitCode()).as(keyAsArgument.toString()).isEqualTo(2);
        assertThat(keyAsArgument.stderr()).startsWith("creor: the provider argument looks like an API key\n")
                .doesNotContain(key.substring(9, 25));
        assertThat(authFile()).doesNotExist();
    }

    @Test
    void listShowsTheKeyInEffectAndWarnsWhenSourcesDisagree() {
        creor().stdin(key).run("auth", "login", "openrouter");

        CreorProcess.Result stored = creor().run("auth", "list");
        CreorProcess.Result overridden = creor().env("OPENROUTER_API_KEY", "sk-or-v1-" + "1".repeat(64))
                .run("auth", "list");
        CreorProcess.Result json = creor().run("auth", "list", "--json");

        assertThat(stored.exitCode()).as(stored.toString()).isZero();
        assertThat(stored.stderr()).isEmpty();
        assertThat(stored.stdout()).isEqualTo("PROVIDER    KEY             SOURCE\n"
                + "openrouter  sk-or-v1-…a2e7  credential store " + authFile() + "\n");
        assertThat(overridden.stdout()).isEqualTo("PROVIDER    KEY             SOURCE\n"
                + "openrouter  sk-or-v1-…1111  environment variable OPENROUTER_API_KEY\n");
        assertThat(overridden.stderr()).isEqualTo("creor: warning: different OpenRouter keys are set: the environment "
                + "variable OPENROUTER_API_KEY (sk-or-v1-…1111) is in effect; the credential store " + authFile()
                + " (sk-or-v1-…a2e7) is ignored\n");
        JsonNode listed = CliFixtures.jsonLines(json.stdout()).get(0);
        assertThat(listed.get("provider").asText()).isEqualTo("openrouter");
        assertThat(listed.get("key").asText()).isEqualTo("sk-or-v1-…a2e7");
        assertThat(listed.get("source").asText()).isEqualTo("credential store " + authFile());
    }

    @Test
    void logoutRemovesTheStoredKeyAndSaysWhatStillSuppliesOne() throws IOException {
        creor().stdin(key).run("auth", "login", "openrouter");

        CreorProcess.Result result = creor().env("OPENROUTER_API_KEY", "sk-or-v1-" + "1".repeat(64))
                .run("auth", "logout", "openrouter");
        CreorProcess.Result again = creor().run("auth", "logout", "openrouter");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("removed the stored OpenRouter key sk-or-v1-…a2e7 from " + authFile() + "\n"
                + "the environment variable OPENROUTER_API_KEY (sk-or-v1-…1111) still supplies a key for OpenRouter; "
                + "unset OPENROUTER_API_KEY to stop using it\n");
        assertThat(Files.readString(authFile())).doesNotContain(key);
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).isEqualTo("no OpenRouter key was stored in " + authFile() + "\n");
    }
}
