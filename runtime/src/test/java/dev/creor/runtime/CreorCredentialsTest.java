package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials API over the real key store in a temporary home and the sandbox's key check. */
class CreorCredentialsTest {
    @TempDir
    Path home;

    private OpenRouterSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = OpenRouterSandbox.start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private Creor creor() {
        return Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of())
                .config("{\"provider\": {\"openrouter\": {\"options\": {\"baseURL\": \"" + sandbox.baseUrl() + "\"}}}}")
                .build();
    }

    @Test
    void aVerifiedKeyIsStoredListedMaskedAndRemoved() throws Exception {
        String key = sandbox.apiKey().reveal();
        try (Creor creor = creor()) {
            assertThat(creor.credentials().providersNeedingAKey()).containsExactly("openrouter");
            assertThat(creor.credentials().keyPrompt("openrouter")).isEqualTo("OpenRouter key (sk-or-...): ");

            KeyChange stored = creor.credentials().login("openrouter", key + "\n", LoginOptions.defaults())
                    .toCompletableFuture().get();

            assertThat(stored.messages()).singleElement().asString().startsWith("stored OpenRouter key ")
                    .doesNotContain(key).contains("verified");
        }
        try (Creor creor = creor()) {
            KeyListing.Entry entry = creor.credentials().list().providers().stream()
                    .filter(provider -> provider.providerId().equals("openrouter")).findFirst().orElseThrow();
            assertThat(entry.maskedKey()).hasValueSatisfying(masked -> assertThat(masked).doesNotContain(key));
            assertThat(entry.source()).contains("auth.json");
            assertThat(creor.providers()).filteredOn(ProviderInfo::enabled)
                    .filteredOn(provider -> provider.id().equals("openrouter")).singleElement()
                    .satisfies(provider -> assertThat(provider.credential()).hasValueSatisfying(
                            credential -> assertThat(credential.maskedKey()).isEqualTo(entry.maskedKey())));

            KeyChange removed = creor.credentials().logout("openrouter");

            assertThat(removed.messages()).first().asString().startsWith("removed the stored OpenRouter key");
        }
    }

    @Test
    void aKeyTheProviderRejectsIsNotStored() {
        try (Creor creor = creor()) {
            assertThatThrownBy(() -> creor.credentials().login("openrouter", "sk-or-v1-" + "0".repeat(64),
                    LoginOptions.defaults()).toCompletableFuture().get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CreorException.class,
                            error -> assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID));
            assertThat(creor.credentials().list().providers()).allSatisfy(entry -> assertThat(entry.maskedKey()).isEmpty());
        }
    }

    @Test
    void anUnknownProviderIsRefusedBeforeAnyKeyIsRead() {
        try (Creor creor = creor()) {
            assertThatThrownBy(() -> creor.credentials().keyPrompt("openruoter"))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                        assertThat(error.getMessage()).contains("openrouter");
                    });
        }
    }

    @Test
    void theSettingsPageStoresChecksAndRemovesAKeyThroughTheFacade() throws Exception {
        String key = sandbox.apiKey().reveal();
        try (Creor creor = creor()) {
            CreorCredentials credentials = creor.credentials();
            assertThat(credentials.providerNames()).containsEntry("openrouter", "OpenRouter");
            assertThat(credentials.storeLocation()).endsWith("auth.json");
            KeyListing.Entry before = credentials.status("openrouter");
            assertThat(before.sourceKind()).isEqualTo(KeyListing.SourceKind.NONE);
            assertThat(before.keyStored()).isFalse();
            assertThat(before.keyRequired()).isTrue();
            assertThat(before.checkable()).isTrue();
            assertThat(before.environmentVariables()).contains("OPENROUTER_API_KEY");

            KeyStored stored = credentials.store("openrouter", " " + key + " ", true).toCompletableFuture().get();

            assertThat(stored.verification().outcome()).isEqualTo(KeyStored.Outcome.VERIFIED);
            assertThat(stored.verification().info()).isPresent();
            assertThat(stored.maskedKey()).doesNotContain(key);
            assertThat(credentials.status("openrouter").keyStored()).isTrue();
            assertThat(credentials.status("openrouter").sourceKind()).isEqualTo(KeyListing.SourceKind.STORE);

            // The key in effect is read afresh: the one stored after this runtime started.
            KeyInspection inspection = credentials.check("openrouter").toCompletableFuture().get();
            assertThat(inspection.sourceKind()).isEqualTo(KeyListing.SourceKind.STORE);
            assertThat(inspection.source()).contains("auth.json");
            assertThat(inspection.maskedKey()).isEqualTo(stored.maskedKey());

            KeyRemoval removal = credentials.remove("openrouter");
            assertThat(removal.removed()).isTrue();
            assertThat(credentials.remove("openrouter").removed()).isFalse();
            assertThatThrownBy(() -> credentials.check("openrouter").toCompletableFuture().get())
                    .cause().isInstanceOfSatisfying(CreorException.class,
                            error -> assertThat(error.code()).isEqualTo(ErrorCode.AUTH_MISSING));
        }
    }

    @Test
    void aKeyTheProviderRejectsOnACheckIsNamedMaskedNeverInClear() {
        String rejected = "sk-or-v1-" + "0ddba11c".repeat(8);
        try (Creor creor = creor()) {
            creor.credentials().store("openrouter", rejected, false).toCompletableFuture().join();

            assertThatThrownBy(() -> creor.credentials().check("openrouter").toCompletableFuture().get())
                    .cause().isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
                        assertThat(error.getMessage()).startsWith("OpenRouter rejected the key ")
                                .doesNotContain(rejected);
                    });
        }
    }
}
