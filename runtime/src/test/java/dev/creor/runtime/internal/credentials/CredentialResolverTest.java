package dev.creor.runtime.internal.credentials;

import static dev.creor.runtime.internal.credentials.TestKeys.CANARY;
import static dev.creor.runtime.internal.credentials.TestKeys.OTHER;
import static dev.creor.runtime.internal.credentials.TestKeys.THIRD;
import static dev.creor.runtime.internal.credentials.TestKeys.assertNoKeyIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.runtime.internal.credentials.CredentialSource.Kind;
import dev.creor.spi.ProviderDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialResolverTest {
    static final ProviderDescriptor OPENROUTER = ProviderDescriptor.builder("OpenRouter")
            .credentialEnvironmentVariables(List.of("OPENROUTER_API_KEY"))
            .keyPrefix("sk-or-")
            .build();
    private static final String ORIGIN = "creor.json:7:18";

    @TempDir
    Path home;

    private FileCredentialStore store;

    @BeforeEach
    void createStore() {
        store = new FileCredentialStore(home.resolve(".local/share/creor/auth.json"));
    }

    /** Every combination of the three sources, each holding its own key. */
    static Stream<Arguments> everyCombinationOfSources() {
        return IntStream.range(0, 8).mapToObj(bits -> Arguments.of((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0));
    }

    @ParameterizedTest(name = "config {0}, environment {1}, store {2}")
    @MethodSource("everyCombinationOfSources")
    void theHighestSourceHoldingAKeyWinsAndTheOthersAreReported(boolean inConfig, boolean inEnvironment,
            boolean inStore) {
        Map<String, String> variables = new HashMap<>();
        if (inEnvironment) {
            variables.put("OPENROUTER_API_KEY", OTHER.reveal());
        }
        if (inStore) {
            store.put("openrouter", THIRD);
        }
        CredentialResolver resolver = resolver(Environment.of(variables),
                inConfig ? ConfiguredKeys.of(Map.of("openrouter", new ConfiguredKey(CANARY, ORIGIN))) : ConfiguredKeys.none());

        ResolvedCredential resolved = resolver.resolve("openrouter", OPENROUTER);

        List<CredentialSource> expectedSources = new ArrayList<>();
        List<Secret> expectedKeys = new ArrayList<>();
        if (inConfig) {
            expectedSources.add(new CredentialSource.Config(ORIGIN));
            expectedKeys.add(CANARY);
        }
        if (inEnvironment) {
            expectedSources.add(new CredentialSource.EnvironmentVariable("OPENROUTER_API_KEY"));
            expectedKeys.add(OTHER);
        }
        if (inStore) {
            expectedSources.add(new CredentialSource.Store(store.path().toString()));
            expectedKeys.add(THIRD);
        }
        assertThat(resolved.found()).extracting(FoundCredential::source).containsExactlyElementsOf(expectedSources);
        assertThat(resolved.found()).extracting(FoundCredential::secret).containsExactlyElementsOf(expectedKeys);
        if (expectedSources.isEmpty()) {
            assertThat(resolved.source()).isEqualTo(new CredentialSource.None());
            assertThat(resolved.secret()).isEmpty();
            assertThat(resolved.missing()).isTrue();
        } else {
            assertThat(resolved.source()).isEqualTo(expectedSources.get(0));
            assertThat(resolved.secret()).contains(expectedKeys.get(0));
            assertThat(resolved.requireSecret()).isEqualTo(expectedKeys.get(0));
            assertThat(resolved.missing()).isFalse();
        }
        assertThat(resolved.shadowed()).extracting(FoundCredential::source)
                .containsExactlyElementsOf(expectedSources.subList(Math.min(1, expectedSources.size()), expectedSources.size()));
        assertThat(resolved.sourcesDisagree()).isEqualTo(expectedSources.size() > 1);
        assertThat(resolved.disagreementWarning().isPresent()).isEqualTo(expectedSources.size() > 1);
        assertThat(resolved.storeProblem()).isEmpty();
        assertNoKeyIn(resolved.toString());
    }

    @Test
    void aRejectedKeyIsExplainedByTheSourceItCameFrom() {
        store.put("openrouter", THIRD);
        CreorException rejected = CreorException.builder(ErrorCode.AUTH_INVALID, "OpenRouter answered HTTP 401")
                .hint("set the key with `creor auth login openrouter` (recommended)").httpStatus(401).build();
        ResolvedCredential fromConfig = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", OTHER.reveal())),
                ConfiguredKeys.of(Map.of("openrouter", new ConfiguredKey(CANARY, ORIGIN)))).resolve("openrouter", OPENROUTER);
        ResolvedCredential fromEnvironment = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", OTHER.reveal())),
                ConfiguredKeys.none()).resolve("openrouter", OPENROUTER);
        ResolvedCredential fromStore = resolver(Environment.of(Map.of()), ConfiguredKeys.none())
                .resolve("openrouter", OPENROUTER);

        assertThat(fromConfig.explainRejection(rejected).hint()).hasValue("the rejected key comes from options.apiKey at "
                + ORIGIN + ", which takes precedence over a stored key; correct it there, or remove it to use the "
                + "provider's environment variable or the key stored with `creor auth login openrouter`");
        assertThat(fromEnvironment.explainRejection(rejected).hint()).hasValue("the rejected key comes from environment "
                + "variable OPENROUTER_API_KEY, which takes precedence over a stored key; set the variable to a valid key, "
                + "or unset it to use the key stored with `creor auth login openrouter`");
        assertThat(fromEnvironment.explainRejection(rejected).httpStatus()).hasValue(401);
        assertThat(fromStore.explainRejection(rejected)).isSameAs(rejected);
        CreorException other = CreorException.of(ErrorCode.RATE_LIMITED, "slow down");
        assertThat(fromConfig.explainRejection(other)).isSameAs(other);
    }

    @Test
    void sourcesHoldingTheSameKeyAgree() {
        store.put("openrouter", CANARY);
        CredentialResolver resolver = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", CANARY.reveal())),
                ConfiguredKeys.of(Map.of("openrouter", new ConfiguredKey(CANARY, ORIGIN))));

        ResolvedCredential resolved = resolver.resolve("openrouter", OPENROUTER);

        assertThat(resolved.source().kind()).isEqualTo(Kind.CONFIG);
        assertThat(resolved.shadowed()).hasSize(2);
        assertThat(resolved.sourcesDisagree()).isFalse();
        assertThat(resolved.disagreementWarning()).isEmpty();
    }

    @Test
    void theDisagreementWarningNamesTheSourcesWithMaskedKeysOnly() {
        store.put("openrouter", THIRD);
        CredentialResolver resolver = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", CANARY.reveal())),
                ConfiguredKeys.none());

        String warning = resolver.resolve("openrouter", OPENROUTER).disagreementWarning().orElseThrow();

        assertThat(warning).isEqualTo("different OpenRouter keys are set: the environment variable OPENROUTER_API_KEY ("
                + CANARY.masked() + ") is in effect; the credential store " + store.path() + " (" + THIRD.masked()
                + ") is ignored");
        assertNoKeyIn(warning);
    }

    @Test
    void onlyTheDisagreeingSourcesAreNamedAsIgnored() {
        store.put("openrouter", CANARY);
        CredentialResolver resolver = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", OTHER.reveal())),
                ConfiguredKeys.of(Map.of("openrouter", new ConfiguredKey(CANARY, ORIGIN))));

        String warning = resolver.resolve("openrouter", OPENROUTER).disagreementWarning().orElseThrow();

        assertThat(warning).contains("the options.apiKey at creor.json:7:18 (" + CANARY.masked()
                + ") is in effect; the environment variable OPENROUTER_API_KEY (" + OTHER.masked() + ") is ignored");
        assertThat(warning).doesNotContain("credential store");
    }

    @Test
    void environmentVariablesAreTriedInTheDescriptorsOrder() {
        ProviderDescriptor twoVariables = ProviderDescriptor.builder("Example")
                .credentialEnvironmentVariables(List.of("EXAMPLE_API_KEY", "EXAMPLE_KEY"))
                .build();

        ResolvedCredential onlySecond = resolver(Environment.of(Map.of("EXAMPLE_KEY", OTHER.reveal())),
                ConfiguredKeys.none()).resolve("example", twoVariables);
        ResolvedCredential both = resolver(Environment.of(Map.of("EXAMPLE_KEY", OTHER.reveal(),
                "EXAMPLE_API_KEY", CANARY.reveal())), ConfiguredKeys.none()).resolve("example", twoVariables);

        assertThat(onlySecond.source()).isEqualTo(new CredentialSource.EnvironmentVariable("EXAMPLE_KEY"));
        assertThat(both.source()).isEqualTo(new CredentialSource.EnvironmentVariable("EXAMPLE_API_KEY"));
        assertThat(both.secret()).contains(CANARY);
        assertThat(both.shadowed()).extracting(FoundCredential::source)
                .containsExactly(new CredentialSource.EnvironmentVariable("EXAMPLE_KEY"));
    }

    @Test
    void surroundingWhiteSpaceInAVariableIsIgnoredAndABlankVariableIsUnset() {
        store.put("openrouter", THIRD);

        ResolvedCredential padded = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", "  " + CANARY.reveal() + "\n")),
                ConfiguredKeys.none()).resolve("openrouter", OPENROUTER);
        ResolvedCredential blank = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", " \t")),
                ConfiguredKeys.none()).resolve("openrouter", OPENROUTER);

        assertThat(padded.secret()).contains(CANARY);
        assertThat(blank.source().kind()).isEqualTo(Kind.STORE);
    }

    @Test
    void aProviderThatNeedsNoCredentialResolvesToNoneWithoutComplaint() {
        ProviderDescriptor local = ProviderDescriptor.builder("Echo").requiresCredential(false).build();

        ResolvedCredential resolved = resolver(Environment.empty(), ConfiguredKeys.none()).resolve("echo", local);

        assertThat(resolved.source()).isEqualTo(new CredentialSource.None());
        assertThat(resolved.required()).isFalse();
        assertThat(resolved.missing()).isFalse();
        assertThat(resolved.storeProblem()).isEmpty();
    }

    @Test
    void aMissingCredentialNamesBothWaysToSetOne() {
        ResolvedCredential resolved = resolver(Environment.empty(), ConfiguredKeys.none()).resolve("openrouter", OPENROUTER);

        assertThatThrownBy(resolved::requireSecret).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_MISSING);
            assertThat(error.getMessage()).isEqualTo("no API key is set for OpenRouter (provider openrouter)");
            assertThat(error.hint()).contains("run `creor auth login openrouter` or save one on the settings page "
                    + "(`creor settings`), or set OPENROUTER_API_KEY");
        });
    }

    @Test
    void withoutAnEnvironmentVariableTheHintNamesTheConfigOption() {
        ProviderDescriptor noVariable = ProviderDescriptor.builder("Example").build();

        CreorException error = CredentialResolver.missingCredential("example", noVariable);

        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                .contains("`creor auth login example`").endsWith("or set provider.example.options.apiKey in creor.json"));
    }

    @Test
    void anUnreadableStoreDoesNotHideAHigherSourceButIsReported() throws IOException {
        Path file = corruptStore();

        ResolvedCredential resolved = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", CANARY.reveal())),
                ConfiguredKeys.none()).resolve("openrouter", OPENROUTER);

        assertThat(resolved.secret()).contains(CANARY);
        assertThat(resolved.storeProblem()).hasValueSatisfying(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(problem.getMessage()).contains(file.toString());
        });
    }

    @Test
    void anUnreadableStoreIsTheErrorWhenNothingElseHoldsAKey() throws IOException {
        corruptStore();

        ResolvedCredential resolved = resolver(Environment.empty(), ConfiguredKeys.none()).resolve("openrouter", OPENROUTER);

        assertThat(resolved.missing()).isTrue();
        assertThatThrownBy(resolved::requireSecret).isInstanceOfSatisfying(CreorException.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void worksOverAnyStoreNamedByItsLocation() {
        store.put("openrouter", CANARY);
        CredentialResolver resolver = new CredentialResolver(Environment.empty(), store, "the vault", ConfiguredKeys.none());

        ResolvedCredential resolved = resolver.resolve("openrouter", OPENROUTER);

        assertThat(resolved.source()).isEqualTo(new CredentialSource.Store("the vault"));
        assertThat(resolved.source().describe()).isEqualTo("credential store the vault");
        assertThat(resolver.storeLocation()).isEqualTo("the vault");
    }

    @Test
    void sourcesDescribeThemselves() {
        assertThat(new CredentialSource.Config(ORIGIN).describe()).isEqualTo("options.apiKey at creor.json:7:18");
        assertThat(new CredentialSource.EnvironmentVariable("OPENROUTER_API_KEY").describe())
                .isEqualTo("environment variable OPENROUTER_API_KEY");
        assertThat(new CredentialSource.None().describe()).isEqualTo("no credential");
    }

    @Test
    void valuesHoldingKeysNeverPrintThem() {
        store.put("openrouter", THIRD);
        ResolvedCredential resolved = resolver(Environment.of(Map.of("OPENROUTER_API_KEY", OTHER.reveal())),
                ConfiguredKeys.of(Map.of("openrouter", new ConfiguredKey(CANARY, ORIGIN)))).resolve("openrouter", OPENROUTER);

        assertThat(resolved.toString()).isEqualTo("ResolvedCredential[openrouter from options.apiKey at creor.json:7:18, "
                + "also in environment variable OPENROUTER_API_KEY, credential store " + store.path()
                + ", sources disagree]");
        assertThat(new ConfiguredKey(CANARY, ORIGIN).toString()).isEqualTo("ConfiguredKey[creor.json:7:18]");
        resolved.found().forEach(found -> assertNoKeyIn(found.toString()));
    }

    private CredentialResolver resolver(Environment environment, ConfiguredKeys configuredKeys) {
        return new CredentialResolver(environment, store, configuredKeys);
    }

    private Path corruptStore() throws IOException {
        Path file = store.path();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{oops");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
