package dev.creor.runtime.internal.credentials;

import static dev.creor.runtime.internal.credentials.TestKeys.CANARY;
import static dev.creor.runtime.internal.credentials.TestKeys.CANARY_TEXT;
import static dev.creor.runtime.internal.credentials.TestKeys.OTHER;
import static dev.creor.runtime.internal.credentials.TestKeys.assertNoKeyIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.spi.KeyInfo;
import dev.creor.spi.KeyInspector;
import dev.creor.spi.ProviderDescriptor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthServiceTest {
    private static final ProviderDescriptor OPENROUTER = CredentialResolverTest.OPENROUTER;
    private static final ProviderDescriptor ECHO = ProviderDescriptor.builder("Echo").requiresCredential(false).build();
    private static final KeyInfo LAPTOP_KEY = KeyInfo.builder()
            .label("Creor laptop")
            .limit(new BigDecimal("10.00"))
            .limitRemaining(new BigDecimal("7.50"))
            .limitReset("monthly")
            .usage(new BigDecimal("2.5"))
            .build();

    @TempDir
    Path home;

    private FileCredentialStore store;
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, ConfiguredKey> configured = new HashMap<>();
    private final List<Secret> inspected = new ArrayList<>();
    private KeyInspector inspector;
    private boolean inspectorOffered;

    @BeforeEach
    void createStore() {
        store = new FileCredentialStore(home.resolve(".local/share/creor/auth.json"));
        inspector = key -> CompletableFuture.completedFuture(LAPTOP_KEY);
        inspectorOffered = true;
    }

    private AuthService service() {
        CredentialResolver resolver = new CredentialResolver(Environment.of(environment), store,
                providerId -> Optional.ofNullable(configured.get(providerId)));
        KeyInspectors inspectors = providerId -> providerId.equals("openrouter") && inspectorOffered
                ? Optional.of(key -> {
                    inspected.add(key);
                    return inspector.inspect(key);
                })
                : Optional.empty();
        return new AuthService(resolver, Map.of("openrouter", OPENROUTER, "echo", ECHO), inspectors, Runnable::run);
    }

    private LoginResult login(String keyText, LoginOptions options) throws Exception {
        LoginResult result = service().login("openrouter", keyText, options).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertNoKeyIn(result.summary());
        assertNoKeyIn(result.toString());
        result.warnings().forEach(TestKeys::assertNoKeyIn);
        assertNoKeyIn(result.verification().describe());
        return result;
    }

    private CreorException loginFailure(String providerId, String keyText, LoginOptions options) throws Exception {
        try {
            service().login(providerId, keyText, options).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(CreorException.class);
            assertNoKeyIn(failed.getCause());
            return (CreorException) failed.getCause();
        }
        throw new AssertionError("login succeeded");
    }

    private static CompletableFuture<KeyInfo> failing(ErrorCode code, String message) {
        return CompletableFuture.failedFuture(CreorException.builder(code, message).httpStatus(401).build());
    }

    @Nested
    class Login {
        @Test
        void verifiesTrimsAndStoresTheKey() throws Exception {
            LoginResult result = login("  " + CANARY_TEXT + " \r\n", LoginOptions.defaults());

            assertThat(store.get("openrouter")).contains(CANARY);
            assertThat(inspected).containsExactly(CANARY);
            assertThat(result.verification()).isEqualTo(new KeyVerification.Verified(LAPTOP_KEY));
            assertThat(result.verification().describe())
                    .isEqualTo("verified: label \"Creor laptop\", limit 10 (monthly), 7.5 remaining, 2.5 used");
            assertThat(result.maskedKey()).isEqualTo(CANARY.masked());
            assertThat(result.summary()).isEqualTo("stored OpenRouter key " + CANARY.masked() + " in " + store.path()
                    + " (verified: label \"Creor laptop\", limit 10 (monthly), 7.5 remaining, 2.5 used)");
            assertThat(result.resolution().source()).isEqualTo(new CredentialSource.Store(store.path().toString()));
            assertThat(result.warnings()).isEmpty();
            assertThat(result.backup()).isEmpty();
            assertThat(result.replacedOtherKey()).isFalse();
        }

        @Test
        void describesAKeyWithoutLimit() {
            KeyVerification verified = new KeyVerification.Verified(KeyInfo.builder().freeTier(true).build());

            assertThat(verified.describe()).isEqualTo("verified: no limit, free tier");
        }

        @Test
        void refusesAnEmptyKey() throws Exception {
            CreorException error = loginFailure("openrouter", " \t\n", LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_MISSING);
            assertThat(error.getMessage()).isEqualTo("the key is empty");
            assertThat(inspected).isEmpty();
            assertThat(store.path()).doesNotExist();
        }

        @Test
        void refusesAControlCharacterSayingWhere() throws Exception {
            CreorException error = loginFailure("openrouter", "sk-or-v1-\u001b[200~" + CANARY_TEXT.substring(9),
                    LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
            assertThat(error.getMessage()).isEqualTo("the key contains a control character (U+001B) at position 10");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("paste the key again"));
            assertThat(store.path()).doesNotExist();
        }

        @Test
        void refusesInnerWhiteSpaceSayingWhere() throws Exception {
            CreorException error = loginFailure("openrouter", CANARY_TEXT.substring(0, 12) + " " + CANARY_TEXT.substring(12),
                    LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
            assertThat(error.getMessage()).isEqualTo("the key contains white space at position 13");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("a single word"));
        }

        @Test
        void refusesANonAsciiCharacterSayingWhichAndWhere() throws Exception {
            CreorException error = loginFailure("openrouter", "sk\u2010or-v1-" + CANARY_TEXT.substring(9),
                    LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
            assertThat(error.getMessage()).isEqualTo("the key contains the non-ASCII character U+2010 at position 3");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("plain ASCII"));
        }

        @Test
        void warnsWhenTheKeyDoesNotLookLikeTheProvidersButStoresIt() throws Exception {
            Secret anthropicKey = Secret.of("sk-ant-api03-" + "0123456789abcdef".repeat(4));

            LoginResult result = login(anthropicKey.reveal(), LoginOptions.defaults().withVerify(false));

            assertThat(result.warnings()).containsExactly("the key " + anthropicKey.masked()
                    + " does not start with sk-or- like OpenRouter keys do; check that you pasted a key for OpenRouter");
            assertThat(store.get("openrouter")).contains(anthropicKey);
        }

        @Test
        void refusesAKeyTheProviderRejectsWithExitCode3() throws Exception {
            inspector = key -> failing(ErrorCode.AUTH_INVALID, "User not found.");

            CreorException error = loginFailure("openrouter", CANARY_TEXT, LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
            assertThat(error.getMessage()).isEqualTo("OpenRouter rejected the key " + CANARY.masked() + ": User not found.");
            assertThat(error.httpStatus()).hasValue(401);
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                    .contains("`creor auth login openrouter --force` stores it anyway"));
            assertThat(store.path()).doesNotExist();
        }

        @Test
        void storesARejectedKeyWhenForced() throws Exception {
            inspector = key -> failing(ErrorCode.AUTH_INVALID, "User not found.");

            LoginResult result = login(CANARY_TEXT, LoginOptions.defaults().withForce(true));

            assertThat(result.verification()).isEqualTo(new KeyVerification.Forced(ErrorCode.AUTH_INVALID, "User not found."));
            assertThat(result.verification().describe())
                    .isEqualTo("REJECTED by the provider (User not found.), stored anyway because of --force");
            assertThat(store.get("openrouter")).contains(CANARY);
        }

        @Test
        void failsWithTheProvidersErrorWhenItCannotBeAsked() throws Exception {
            inspector = key -> CompletableFuture.failedFuture(
                    CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE, "OpenRouter answered 503"));

            CreorException error = loginFailure("openrouter", CANARY_TEXT, LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(error.getMessage()).isEqualTo("could not verify the key with OpenRouter: OpenRouter answered 503");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                    .contains("`creor auth login openrouter --no-verify`"));
            assertThat(error.getCause()).isInstanceOf(CreorException.class);
            assertThat(store.path()).doesNotExist();
        }

        @Test
        void storesAnUncheckedKeyWhenForced() throws Exception {
            inspector = key -> CompletableFuture.failedFuture(CreorException.of(ErrorCode.TIMEOUT, "no answer in 10 s"));

            LoginResult result = login(CANARY_TEXT, LoginOptions.defaults().withForce(true));

            assertThat(result.verification().describe())
                    .isEqualTo("could not be verified (no answer in 10 s), stored anyway because of --force");
            assertThat(store.get("openrouter")).contains(CANARY);
        }

        @Test
        void masksTheKeyShouldAProviderEchoIt() throws Exception {
            inspector = key -> failing(ErrorCode.AUTH_INVALID, "unknown key " + key.reveal());

            CreorException error = loginFailure("openrouter", CANARY_TEXT, LoginOptions.defaults());
            LoginResult forced = login(CANARY_TEXT, LoginOptions.defaults().withForce(true));

            assertThat(error.getMessage()).endsWith(": unknown key " + CANARY.masked());
            assertThat(forced.verification()).isEqualTo(
                    new KeyVerification.Forced(ErrorCode.AUTH_INVALID, "unknown key " + CANARY.masked()));
        }

        @Test
        void dropsTheCauseWhenItWouldCarryTheKey() throws Exception {
            inspector = key -> CompletableFuture.failedFuture(
                    CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE, "proxy refused Bearer " + key.reveal()));

            CreorException error = loginFailure("openrouter", CANARY_TEXT, LoginOptions.defaults());

            assertThat(error.getCause()).isNull();
            assertThat(error.getMessage()).endsWith("proxy refused Bearer " + CANARY.masked());
        }

        @Test
        void anInspectorThatThrowsIsAnErrorWithoutItsMessage() throws Exception {
            inspector = key -> {
                throw new IllegalStateException("bug near " + key.reveal());
            };

            CreorException error = loginFailure("openrouter", CANARY_TEXT, LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(error.getMessage()).isEqualTo("could not verify the key with OpenRouter: the key check of OpenRouter "
                    + "failed unexpectedly with java.lang.IllegalStateException");
        }

        @Test
        void skipsVerificationWhenAsked() throws Exception {
            LoginResult result = login(CANARY_TEXT, LoginOptions.defaults().withVerify(false));

            assertThat(inspected).isEmpty();
            assertThat(result.verification()).isEqualTo(new KeyVerification.Skipped());
            assertThat(result.verification().describe()).isEqualTo("not verified (--no-verify)");
            assertThat(store.get("openrouter")).contains(CANARY);
        }

        @Test
        void saysWhenTheProviderOffersNoKeyCheck() throws Exception {
            inspectorOffered = false;

            LoginResult result = login(CANARY_TEXT, LoginOptions.defaults());

            assertThat(result.verification().describe()).isEqualTo("not verified: OpenRouter offers no key check");
            assertThat(store.get("openrouter")).contains(CANARY);
        }

        @Test
        void refusesAnUnknownProviderSuggestingTheClosest() throws Exception {
            CreorException error = loginFailure("opnerouter", CANARY_TEXT, LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(error.getMessage()).isEqualTo("no provider called \"opnerouter\" is installed; did you mean openrouter?");
            assertThat(error.hint()).contains("installed providers: echo, openrouter; `creor providers` lists them");
        }

        @Test
        void refusesAKeyGivenAsTheProviderWithoutRepeatingIt() throws Exception {
            CreorException error = loginFailure(CANARY_TEXT, CANARY_TEXT, LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(error.getMessage()).isEqualTo("the provider argument looks like an API key");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("shell history"));
            assertThat(store.path()).doesNotExist();
        }

        @Test
        void warnsWhenAnEnvironmentVariableKeepsOverridingTheStoredKey() throws Exception {
            environment.put("OPENROUTER_API_KEY", OTHER.reveal());

            LoginResult result = login(CANARY_TEXT, LoginOptions.defaults());

            assertThat(result.warnings()).containsExactly("the environment variable OPENROUTER_API_KEY (" + OTHER.masked()
                    + ") takes precedence over the stored key, so OpenRouter requests keep using it; "
                    + "unset OPENROUTER_API_KEY to use the stored key");
            assertThat(result.resolution().source().kind()).isEqualTo(CredentialSource.Kind.ENVIRONMENT);
            assertThat(store.get("openrouter")).contains(CANARY);
        }

        @Test
        void warnsWhenTheConfigKeepsOverridingTheStoredKey() throws Exception {
            configured.put("openrouter", new ConfiguredKey(OTHER, "creor.json:7:18"));

            LoginResult result = login(CANARY_TEXT, LoginOptions.defaults());

            assertThat(result.warnings()).singleElement().asString()
                    .endsWith("remove provider.openrouter.options.apiKey from the config (creor.json:7:18) "
                            + "to use the stored key");
        }

        @Test
        void doesNotWarnWhenTheOverridingSourceHoldsTheSameKey() throws Exception {
            environment.put("OPENROUTER_API_KEY", CANARY_TEXT);

            assertThat(login(CANARY_TEXT, LoginOptions.defaults()).warnings()).isEmpty();
        }

        @Test
        void saysWhetherItReplacedADifferentKey() throws Exception {
            store.put("openrouter", OTHER);

            assertThat(login(CANARY_TEXT, LoginOptions.defaults()).replacedOtherKey()).isTrue();
            assertThat(login(CANARY_TEXT, LoginOptions.defaults()).replacedOtherKey()).isFalse();
        }

        @Test
        void refusesACorruptStoreBeforeAskingTheProviderAndLeavesItUntouched() throws Exception {
            byte[] corrupt = corruptStore();

            CreorException error = loginFailure("openrouter", CANARY_TEXT, LoginOptions.defaults());

            assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("--replace-corrupt"));
            assertThat(inspected).isEmpty();
            assertThat(Files.readAllBytes(store.path())).isEqualTo(corrupt);
        }

        @Test
        void replacesACorruptStoreWhenAskedAndSaysWhereTheOldOneWent() throws Exception {
            byte[] corrupt = corruptStore();

            LoginResult result = login(CANARY_TEXT, LoginOptions.defaults().withReplaceCorrupt(true));

            Path backup = result.backup().orElseThrow();
            assertThat(backup.getFileName().toString()).startsWith("auth.json.corrupt-");
            assertThat(Files.readAllBytes(backup)).isEqualTo(corrupt);
            assertThat(result.warnings()).containsExactly("the unusable credential store was moved to " + backup
                    + "; it may hold keys of other providers, so log in to them again");
            assertThat(store.providerIds()).containsExactly("openrouter");
        }

        @Test
        void storesAKeyForAProviderThatNeedsNoneWithAWarning() throws Exception {
            LoginResult result = service().login("echo", "local-secret-123", LoginOptions.defaults())
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(result.warnings()).containsExactly("Echo works without a key; it was stored anyway");
            assertThat(result.verification()).isEqualTo(new KeyVerification.NotOffered("Echo"));
        }

        @Test
        void completesFromTheThreadThatAnsweredTheKeyCheckViaTheBlockingExecutor() throws Exception {
            CompletableFuture<KeyInfo> answer = new CompletableFuture<>();
            inspector = key -> answer;
            List<String> blockingThreads = new ArrayList<>();
            CredentialResolver resolver = new CredentialResolver(Environment.empty(), store, ConfiguredKeys.none());
            AuthService service = new AuthService(resolver, Map.of("openrouter", OPENROUTER),
                    providerId -> Optional.of(inspector), task -> {
                        blockingThreads.add(Thread.currentThread().getName());
                        task.run();
                    });

            CompletableFuture<LoginResult> login = service.login("openrouter", CANARY_TEXT, LoginOptions.defaults())
                    .toCompletableFuture();

            assertThat(login).isNotDone();
            assertThat(store.path()).doesNotExist();
            answer.complete(LAPTOP_KEY);
            assertThat(login.get(5, TimeUnit.SECONDS).verification()).isInstanceOf(KeyVerification.Verified.class);
            assertThat(blockingThreads).hasSize(2);
        }
    }

    @Nested
    class ListAll {
        @Test
        void listsEveryProviderWithTheSourceInEffectAndTheMaskedKey() {
            environment.put("OPENROUTER_API_KEY", CANARY_TEXT);

            CredentialListing listing = service().list();

            assertThat(listing.warnings()).isEmpty();
            assertThat(listing.providers()).extracting(CredentialStatus::providerId).containsExactly("echo", "openrouter");
            CredentialStatus echo = listing.providers().get(0);
            assertThat(echo.source()).isEqualTo(new CredentialSource.None());
            assertThat(echo.maskedKey()).isEmpty();
            assertThat(echo.resolution().missing()).isFalse();
            CredentialStatus openrouter = listing.providers().get(1);
            assertThat(openrouter.displayName()).isEqualTo("OpenRouter");
            assertThat(openrouter.installed()).isTrue();
            assertThat(openrouter.source()).isEqualTo(new CredentialSource.EnvironmentVariable("OPENROUTER_API_KEY"));
            assertThat(openrouter.maskedKey()).contains(CANARY.masked());
            assertThat(openrouter.warnings()).isEmpty();
            assertNoKeyIn(openrouter.toString());
        }

        @Test
        void warnsWhenTwoSourcesDisagree() {
            environment.put("OPENROUTER_API_KEY", CANARY_TEXT);
            store.put("openrouter", OTHER);

            CredentialStatus openrouter = service().list().providers().get(1);

            assertThat(openrouter.maskedKey()).contains(CANARY.masked());
            assertThat(openrouter.resolution().sourcesDisagree()).isTrue();
            assertThat(openrouter.warnings()).containsExactly(
                    openrouter.resolution().disagreementWarning().orElseThrow());
            openrouter.warnings().forEach(TestKeys::assertNoKeyIn);
        }

        @Test
        void listsAStoredKeyWhoseProviderIsNotInstalled() {
            store.put("gone", OTHER);

            CredentialStatus gone = service().list().providers().get(1);

            assertThat(gone.providerId()).isEqualTo("gone");
            assertThat(gone.installed()).isFalse();
            assertThat(gone.source().kind()).isEqualTo(CredentialSource.Kind.STORE);
            assertThat(gone.maskedKey()).contains(OTHER.masked());
            assertThat(gone.warnings()).containsExactly(
                    "no installed provider is called gone; `creor auth logout gone` removes its stored key");
        }

        @Test
        void reportsAnUnreadableStoreAndStillListsTheOtherSources() throws IOException {
            corruptStore();
            environment.put("OPENROUTER_API_KEY", CANARY_TEXT);

            CredentialListing listing = service().list();

            assertThat(listing.warnings()).singleElement().asString()
                    .startsWith("the credential store " + store.path() + " cannot be parsed as JSON");
            assertThat(listing.providers().get(1).maskedKey()).contains(CANARY.masked());
        }
    }

    @Nested
    class Logout {
        @Test
        void removesTheStoredKey() {
            store.put("openrouter", CANARY);

            LogoutResult result = service().logout("openrouter");

            assertThat(result.removed()).isTrue();
            assertThat(result.stillSupplied()).isFalse();
            assertThat(result.messages()).containsExactly(
                    "removed the stored OpenRouter key " + CANARY.masked() + " from " + store.path());
            assertThat(store.get("openrouter")).isEmpty();
        }

        @Test
        void saysWhenNoKeyWasStored() {
            LogoutResult result = service().logout("openrouter");

            assertThat(result.removed()).isFalse();
            assertThat(result.messages()).containsExactly("no OpenRouter key was stored in " + store.path());
        }

        @Test
        void saysWhichSourcesStillSupplyAKey() {
            store.put("openrouter", CANARY);
            environment.put("OPENROUTER_API_KEY", OTHER.reveal());
            configured.put("openrouter", new ConfiguredKey(CANARY, "creor.json:7:18"));

            LogoutResult result = service().logout("openrouter");

            assertThat(result.stillSupplied()).isTrue();
            assertThat(result.messages()).containsExactly(
                    "removed the stored OpenRouter key " + CANARY.masked() + " from " + store.path(),
                    "the options.apiKey at creor.json:7:18 (" + CANARY.masked() + ") still supplies a key "
                            + "for OpenRouter; remove provider.openrouter.options.apiKey from the config "
                            + "(creor.json:7:18) to stop using it",
                    "the environment variable OPENROUTER_API_KEY (" + OTHER.masked() + ") still supplies a key for "
                            + "OpenRouter; unset OPENROUTER_API_KEY to stop using it");
            result.messages().forEach(TestKeys::assertNoKeyIn);
            assertNoKeyIn(result.toString());
        }

        @Test
        void logsOutAProviderThatIsNoLongerInstalled() {
            store.put("gone", OTHER);

            LogoutResult result = service().logout("gone");

            assertThat(result.removed()).isTrue();
            assertThat(store.providerIds()).isEmpty();
        }

        @Test
        void refusesAnUnknownProvider() {
            assertThatThrownBy(() -> service().logout("openroute")).isInstanceOfSatisfying(CreorException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                assertThat(error.getMessage()).isEqualTo("no provider called \"openroute\" is installed; did you mean openrouter?");
            });
        }

        @Test
        void refusesAKeyGivenAsTheProvider() {
            assertThatThrownBy(() -> service().logout(CANARY_TEXT)).isInstanceOfSatisfying(CreorException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                assertNoKeyIn(error);
            });
        }
    }

    private byte[] corruptStore() throws IOException {
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "{\"openrouter\": ");
        Files.setPosixFilePermissions(store.path(), PosixFilePermissions.fromString("rw-------"));
        return Files.readAllBytes(store.path());
    }
}
