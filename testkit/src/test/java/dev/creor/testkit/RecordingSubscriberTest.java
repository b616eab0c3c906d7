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
}
