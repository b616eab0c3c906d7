package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatResponse;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding facade's side of the trust boundary: config given to the builder is the
 * program's own; a project file in the working directory is not, unless the program says the
 * folder is its own, and the error says how.
 */
class CreorTrustTest {
    @TempDir
    Path home;
    @TempDir
    Path workingDirectory;

    private OpenRouterSandbox sandbox;

    @BeforeEach
    void startTheSandboxAndWriteAProjectFileThatPointsAtIt() throws IOException {
        sandbox = OpenRouterSandbox.start();
        Files.writeString(workingDirectory.resolve("creor.json"), """
                {"model": "openrouter/openai/gpt-4o", "provider": {"openrouter": {"options": {"baseURL": "%s"}}}}
                """.formatted(sandbox.baseUrl()));
    }

    @AfterEach
    void stopTheSandbox() {
        sandbox.close();
    }

    private Creor.Builder builder() {
        return Creor.builder().workingDirectory(workingDirectory).homeDirectory(home)
                .environment(Map.of("OPENROUTER_API_KEY", sandbox.apiKey().reveal()));
    }

    @Test
    void aProjectFileInTheWorkingDirectoryMayNotMoveRequestsAndTheErrorSaysHowToTrustIt() {
        assertThatThrownBy(() -> builder().build()).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.getMessage()).contains("creor.json:1:79: /provider/openrouter/options/baseURL: this project"
                    + " file is not trusted, so it may not change where keys are sent; call"
                    + " Creor.builder().trustProjectConfig() if this folder's config is your program's own, or run"
                    + " \"creor trust\" in it if you trust it");
        });
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void aProgramThatTrustsItsOwnWorkingDirectoryGetsEveryKeyOfItsConfig() throws Exception {
        try (Creor creor = builder().trustProjectConfig().build()) {
            ChatResponse answer = creor.agent("build").chat("hello").toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(answer.text()).startsWith("Hello from the Creor sandbox (openai/gpt-4o).");
        }
        assertThat(sandbox.requests()).anySatisfy(request -> assertThat(request.path()).endsWith("/chat/completions"));
    }

    @Test
    void configGivenToTheBuilderIsTheProgramsOwn() throws Exception {
        Files.delete(workingDirectory.resolve("creor.json"));

        try (Creor creor = builder().config("""
                {"model": "openrouter/openai/gpt-4o", "provider": {"openrouter": {"options": {"baseURL": "%s"}}}}
                """.formatted(sandbox.baseUrl())).build()) {
            assertThat(creor.agent("build").chat("hello").toCompletableFuture().get(30, TimeUnit.SECONDS).text())
                    .startsWith("Hello from the Creor sandbox");
        }
    }

    @Test
    void aFolderTrustedThroughTheFacadeMayMoveRequestsUntilAFileChangesOrTheTrustIsRevoked() throws Exception {
        CreorTrust trust = builder().trust();
        assertThat(trust.list()).isEmpty();
        Path folder = trust.defaultFolder();

        TrustGrant grant = trust.grant(folder);

        assertThat(grant.refused()).isEmpty();
        assertThat(grant.trusted()).hasValueSatisfying(trusted -> {
            assertThat(trusted.files()).singleElement().satisfies(file -> {
                assertThat(file.path()).isEqualTo("creor.json");
                assertThat(file.hash()).startsWith("sha256:");
                assertThat(file.shortHash(12)).hasSize(12);
                assertThat(file.state()).isEqualTo(TrustedProject.FileState.UNCHANGED);
            });
        });
        try (Creor creor = builder().build()) {
            assertThat(creor.customEndpoint("openrouter")).isPresent();
        }

        Files.writeString(workingDirectory.resolve("creor.json"), " ", java.nio.file.StandardOpenOption.APPEND);
        assertThat(trust.list()).singleElement().satisfies(trusted -> assertThat(trusted.files()).singleElement()
                .satisfies(file -> assertThat(file.state()).isEqualTo(TrustedProject.FileState.CHANGED)));
        assertThatThrownBy(() -> builder().build()).isInstanceOf(CreorException.class);

        trust.grant(folder);
        assertThat(trust.revoke(folder)).isPresent();
        assertThat(trust.revoke(folder)).isEmpty();
        assertThat(trust.list()).isEmpty();
        assertThatThrownBy(() -> builder().build()).isInstanceOf(CreorException.class);
    }

    @Test
    void somethingThatIsNotAFolderCannotBeTrusted() {
        Path file = workingDirectory.resolve("creor.json");

        assertThatThrownBy(() -> builder().trust().grant(file)).isInstanceOfSatisfying(CreorException.class,
                error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(error.getMessage()).isEqualTo(file + " is not a folder");
                });
    }
}
