package dev.creor.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class ChatModelTest {

    private static final class Recorder implements Flow.Subscriber<ChatEvent> {
        final List<Object> signals = new ArrayList<>();
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onNext(ChatEvent item) {
            signals.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            signals.add(throwable);
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    @Test
    void aFailedStreamDeliversOneFailedEventOnDemandThenCompletes() {
        CreorException error = CreorException.of(ErrorCode.AUTH_MISSING, "no key");
        Recorder recorder = new Recorder();

        ChatModel.failedStream(error).subscribe(recorder);
        assertThat(recorder.signals).as("nothing before demand").isEmpty();
        recorder.subscription.request(1);
        recorder.subscription.request(1);

        assertThat(recorder.signals).containsExactly(ChatEvent.Failed.of(error), "complete");
    }

    @Test
    void aCancelledFailedStreamSaysNothing() {
        Recorder recorder = new Recorder();
        ChatModel.failedStream(CreorException.of(ErrorCode.AUTH_MISSING, "no key")).subscribe(recorder);

        recorder.subscription.cancel();
        recorder.subscription.request(5);

        assertThat(recorder.signals).isEmpty();
    }

    @Test
    void nonPositiveDemandIsAnError() {
        Recorder recorder = new Recorder();
        ChatModel.failedStream(CreorException.of(ErrorCode.AUTH_MISSING, "no key")).subscribe(recorder);

        recorder.subscription.request(0);

        assertThat(recorder.signals).singleElement().isInstanceOf(IllegalArgumentException.class);
    }
}
