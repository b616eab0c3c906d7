package dev.creor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs the contract suite on the fake provider with one defect at a time, to prove that the
 * suite catches each, in the tests that are about it and with a message that says what is
 * wrong. A suite that cannot fail would prove nothing about the providers that pass it.
 */
class ContractSuiteCatchesDefectsTest {
    private static final String CHAT = "chatAnswersWithTextAndUsage";
    private static final String STREAM = "streamDeliversDeltasInOrderThenOneCompletedThenOnComplete";
    private static final String CANCEL = "cancellingAStreamStopsDeliveryAndClosesItsConnection";
    private static final String CLOSE = "closeStopsEveryThreadTheProviderStartedAndMayBeRepeated";
    private static final String AUTH = "aRejectedCredentialIsAuthInvalidAndNotRetryable";
    private static final String RATE_LIMIT = "aRateLimitIsRetryableAfterTheTimeTheBackendAskedFor";
    private static final String RATE_LIMIT_NO_WAIT = "aRateLimitWithoutRetryAfterIsRetryable";
    private static final String UNAVAILABLE = "anUnavailableBackendIsRetryable";
    private static final String SCHEMA = "configSchemaIsAValidDraft07SchemaAcceptingTheTestOptions";
    private static final String CATALOG = "modelListingIsNonEmptyAndCarriesTheProviderId";

    private static volatile Set<Defect> defects = Set.of();

    /** The suite on the fake provider with the defects of the running test. */
    static final class Configurable extends FakeContract {
        @Override
        Set<Defect> defects() {
            return defects;
        }

        @Override
        protected Duration timeout() {
            return Duration.ofMillis(500);
        }
    }

    @AfterAll
    static void releaseLeakedThreads() {
        FakeProvider.LEAKED_THREADS_MAY_STOP.countDown();
    }

    static Stream<Arguments> defectsAndTheTestsThatCatchThem() {
        return Stream.of(
                caught(Defect.INVALID_ID, "id \"Fake\" is invalid", "idIsValidAndStable"),
                caught(Defect.UNCONVENTIONAL_ENVIRONMENT_VARIABLE, "\"fake_key\" is not upper case",
                        "descriptorIsConsistent"),
                caught(Defect.SCHEMA_NOT_JSON, "is not a strict JSON object", SCHEMA),
                caught(Defect.SCHEMA_NOT_A_SCHEMA, "#/type: objekt is not a valid enum value", SCHEMA),
                caught(Defect.SCHEMA_REJECTS_OPTIONS, "extraneous key [greeting] is not permitted", SCHEMA),
                caught(Defect.NO_USAGE, "the prompt tokens in the usage of chat()", CHAT, STREAM),
                caught(Defect.WRONG_TEXT, "fake the from hello", CHAT, STREAM),
                caught(Defect.IGNORES_DEMAND, "exceeded the demand of 1", STREAM, CANCEL, CLOSE),
                caught(Defect.TWO_COMPLETED, "did not call onComplete", STREAM, CLOSE, REASONING),
                caught(Defect.NO_COMPLETED, "without a Completed or Failed event", STREAM, CLOSE, REASONING),
                caught(Defect.ALLOWS_SECOND_SUBSCRIBER, "must refuse any other with onError",
                        "aStreamAcceptsOneSubscriberOnly"),
                caught(Defect.ACCEPTS_ZERO_REQUEST, "rule 3.9", "aStreamRejectsANonPositiveRequest"),
                caught(Defect.IGNORES_CANCEL, "came after cancel()", CANCEL),
                caught(Defect.CANCEL_KEEPS_CONNECTION, "0 open connections expected after the stream was cancelled",
                        CANCEL),
                caught(Defect.FAILURE_AS_ON_ERROR, "a failure must be a ChatEvent.Failed event followed by onComplete",
                        AUTH, RATE_LIMIT, RATE_LIMIT_NO_WAIT, UNAVAILABLE),
                caught(Defect.AUTH_RETRYABLE, "retryable(), for a rejected credential", AUTH),
                caught(Defect.CREDENTIAL_IN_MESSAGE, "the error's message, hint and text", AUTH),
                caught(Defect.RATE_LIMIT_AS_UNAVAILABLE, "failed with PROVIDER_UNAVAILABLE, not RATE_LIMITED",
                        RATE_LIMIT, RATE_LIMIT_NO_WAIT),
                caught(Defect.DROPS_RETRY_AFTER, "retryAfter(), when the backend sent Retry-After: 7", RATE_LIMIT),
                caught(Defect.UNAVAILABLE_NOT_RETRYABLE, "retryable(), for an unavailable backend", UNAVAILABLE),
                caught(Defect.EMPTY_CATALOG, "catalog().models()", CATALOG),
                caught(Defect.CATALOG_UNDER_OTHER_PROVIDER, "other/ok", CATALOG),
                caught(Defect.KEY_INSPECTOR_UNDECLARED, "the descriptor does not declare KEY_INFO",
                        "keyInspectorIsOfferedExactlyWhenTheDescriptorSaysKeyInfo"),
                caught(Defect.LEAKS_THREAD, "fake-leaked-thread (WAITING, daemon)", CLOSE),
                caught(Defect.CLOSE_NOT_IDEMPOTENT, "already closed", CLOSE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defectsAndTheTestsThatCatchThem")
    void theSuiteFailsTheTestsAboutEachDefect(Defect defect, String reason, Set<String> catchers) {
        Run run = run(EnumSet.of(defect));

        assertThat(run.failed().keySet()).as("the contract tests failing for " + defect).isEqualTo(catchers);
        assertThat(run.failed().get(catchers.iterator().next())).as("why").contains(reason);
        assertThat(run.aborted()).as("contract tests skipped").isEmpty();
    }

    @Test
    void everyDefectIsCaught() {
        Set<Defect> covered = EnumSet.noneOf(Defect.class);
        defectsAndTheTestsThatCatchThem().forEach(arguments -> covered.add((Defect) arguments.get()[0]));
        covered.add(Defect.OMITS_FAILURE_SCENARIOS);

        assertThat(covered).isEqualTo(EnumSet.allOf(Defect.class));
    }

    @Test
    void aHealthyProviderPassesEveryTest() {
        Run run = run(Set.of());

        assertThat(run.failed()).isEmpty();
        assertThat(run.aborted()).isEmpty();
        assertThat(run.succeeded()).isEqualTo(20);
    }

    @Test
    void failureScenariosAProviderCannotProduceAreSkippedButACredentialItRequiresIsNot() {
        Run run = run(EnumSet.of(Defect.OMITS_FAILURE_SCENARIOS));

        assertThat(run.failed()).containsOnlyKeys(AUTH);
        assertThat(run.failed().get(AUTH)).contains("the provider requires a credential, so "
                + "rejectedCredentialScenario() must say how its backend rejects one");
        assertThat(run.aborted()).containsOnlyKeys(RATE_LIMIT, RATE_LIMIT_NO_WAIT, UNAVAILABLE);
        assertThat(run.aborted().get(UNAVAILABLE))
                .contains("unavailableScenario() is empty: the backend cannot be made to fail this way");
    }

    private static Arguments caught(Defect defect, String reason, String... catchers) {
        return Arguments.of(defect, reason, new LinkedHashSet<>(List.of(catchers)));
    }

    private static final String MANIFEST = "jarDeclaresItsSpiVersion";
    private static final String REASONING = "reasoningDetailsAssembleExactlyAndGoBackInTheNextTurn";

    private record Run(Map<String, String> failed, Map<String, String> aborted, long succeeded) {
    }

    private static Run run(Set<Defect> chosen) {
        defects = chosen;
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(Configurable.class))
                    .execute();
            Map<String, String> aborted = byMethod(results.testEvents().aborted().stream());
            // The fake is loaded from test-classes, where there is no jar manifest to read: that test is always skipped.
            assertThat(aborted.remove(MANIFEST)).as("the manifest check, from a classes directory")
                    .contains("not from a jar, so there is no manifest to check yet");
            return new Run(byMethod(results.testEvents().failed().stream()), aborted,
                    results.testEvents().succeeded().count());
        } finally {
            defects = Set.of();
        }
    }

    private static Map<String, String> byMethod(Stream<Event> events) {
        Map<String, String> byMethod = new TreeMap<>();
        events.forEach(event -> byMethod.put(
                event.getTestDescriptor().getSource().map(source -> ((org.junit.platform.engine.support.descriptor.MethodSource) source)
                        .getMethodName()).orElse("?"),
                event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage).orElse("")));
        return byMethod;
    }
}
