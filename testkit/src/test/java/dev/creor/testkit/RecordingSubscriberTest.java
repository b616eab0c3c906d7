package dev.creor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class RecordingSubscriberTest {
    private static final Flow.Subscription IGNORED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    @Test
    void recordsEventsWithinDemandWithoutComplaint() {
        RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();
        subscriber.onSubscribe(IGNORED);
        subscriber.request(2);
        subscriber.onNext("a");
        subscriber.onNext("b");
        subscriber.onComplete();

        assertThat(subscriber.awaitEvents(2, Duration.ofSeconds(1))).containsExactly("a", "b");
        assertThat(subscriber.isCompleted()).isTrue();
        assertThat(subscriber.violations()).isEmpty();
    }

    @Test
    void notesEverySignalThatBreaksTheRules() {
        RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();
        subscriber.onNext("early");
        subscriber.onSubscribe(IGNORED);
        subscriber.onSubscribe(IGNORED);
        subscriber.onNext(null);
        subscriber.onComplete();
        subscriber.onError(new IllegalStateException("late"));

        assertThat(subscriber.violations()).containsExactly(
                "onNext came before onSubscribe (rule 1.9)",
                "onNext #1 (early) exceeded the demand of 0 requested so far (rule 1.1)",
                "onSubscribe was called twice (rule 2.12)",
                "onNext delivered null (rule 2.13)",
                "onNext #2 (null) exceeded the demand of 0 requested so far (rule 1.1)",
                "onError came after the stream ended (rule 1.7): java.lang.IllegalStateException: late");
    }

    @Test
    void saysHowManyEventsCameWhenWaitingForMoreTimesOut() {
        RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();
        subscriber.onSubscribe(IGNORED);
        subscriber.request(1);
        subscriber.onNext("only");

        assertThatThrownBy(() -> subscriber.awaitEvents(2, Duration.ofMillis(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("waited PT0.02S for 2 events; got 1");
    }

    @Test
    void saysWhenTheStreamEndedBeforeTheAwaitedEvents() {
        RecordingSubscriber<String> subscriber = new RecordingSubscriber<>();
        subscriber.onSubscribe(IGNORED);
        subscriber.onError(new IllegalArgumentException("bad"));

        assertThatThrownBy(() -> subscriber.awaitEvents(1, Duration.ofSeconds(1)))
                .hasMessage("the stream ended after 0 events, before the 1 awaited; it failed with "
                        + "java.lang.IllegalArgumentException: bad");
    }

    @Test
    void aChatSubscriberRequestsOnSubscribingAndReadsTheStreamsEnd() {
        RecordingSubscriber<dev.creor.core.chat.ChatEvent> subscriber = RecordingSubscriber.requesting(2);
        java.util.List<Long> requested = new java.util.ArrayList<>();
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.add(n);
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(new dev.creor.core.chat.ChatEvent.TextDelta("Hel"));
        subscriber.onNext(dev.creor.core.chat.ChatEvent.Failed.of(
                dev.creor.core.CreorException.of(dev.creor.core.ErrorCode.TIMEOUT, "too slow")));
        subscriber.onComplete();

        assertThat(requested).containsExactly(2L);
        assertThat(subscriber.awaitCompletion()).hasSize(2);
        assertThat(subscriber.text()).isEqualTo("Hel");
        assertThat(subscriber.textDeltas()).containsExactly("Hel");
        assertThat(subscriber.awaitError().code()).isEqualTo(dev.creor.core.ErrorCode.TIMEOUT);
        assertThat(subscriber.threads()).hasSize(2);
        assertThat(subscriber.hasEnded()).isTrue();
        assertThatThrownBy(subscriber::completed).isInstanceOf(AssertionError.class);
    }

    @Test
    void awaitingCompletionFailsOnAStreamWithoutOneTerminalEventLast() {
        RecordingSubscriber<dev.creor.core.chat.ChatEvent> subscriber = RecordingSubscriber.requestingAll();
        subscriber.onSubscribe(IGNORED);
        subscriber.onNext(new dev.creor.core.chat.ChatEvent.TextDelta("cut off"));
        subscriber.onComplete();

        assertThatThrownBy(subscriber::awaitCompletion).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exactly one terminal event");
    }

    @Test
    void aCancelledSubscriberIsSettled() {
        RecordingSubscriber<String> subscriber = RecordingSubscriber.requestingAll();
        subscriber.onSubscribe(IGNORED);

        assertThat(subscriber.awaitSettled(Duration.ofMillis(10))).isFalse();
        subscriber.cancel();

        assertThat(subscriber.awaitSettled(Duration.ofSeconds(1))).isTrue();
        assertThat(subscriber.isCancelled()).isTrue();
        assertThat(subscriber.hasEnded()).isFalse();
    }
}
