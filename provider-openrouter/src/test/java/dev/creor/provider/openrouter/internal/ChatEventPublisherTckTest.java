package dev.creor.provider.openrouter.internal;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.provider.openrouter.OpenRouterProviderFactory;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderSettings;
import java.nio.file.Files;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK against the stream publisher, over HTTP to the sandbox. A publisher
 * of {@code n} elements is a stream of {@code n - 1} text deltas and the {@code Completed} event.
 * Every stream ends with a terminal event, so an empty stream (0 elements) cannot be made, and
 * the publisher never fails with {@code onError} for a provider failure (it sends a
 * {@code Failed} event), so there is no failed publisher: the TCK skips the tests that need one.
 * A publisher of more than {@value #BOUNDED_STREAM_LIMIT} elements stands for an endless stream.
 */
public class ChatEventPublisherTckTest extends FlowPublisherVerification<ChatEvent> {
    private static final long DEFAULT_TIMEOUT_MILLIS = 2000;
    private static final long NO_SIGNALS_TIMEOUT_MILLIS = 100;
    private static final long POLL_TIMEOUT_MILLIS = 10;

    private OpenRouterSandbox sandbox;
    private TestContext context;
    private Provider provider;

    public ChatEventPublisherTckTest() {
        super(new TestEnvironment(DEFAULT_TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS));
    }

    @BeforeClass
    public void startSandbox() throws Exception {
        sandbox = OpenRouterSandbox.start();
        context = new TestContext(Files.createTempDirectory("creor-tck-cache"));
        provider = new OpenRouterProviderFactory().create(ProviderSettings.builder("openrouter")
                .options(sandbox.providerOptions()).credential(sandbox.apiKey()).build(), context.context());
    }

    @AfterClass
    public void stopSandbox() throws Exception {
        provider.close();
        context.close();
        sandbox.close();
    }

    @Override
    public Flow.Publisher<ChatEvent> createFlowPublisher(long elements) {
        String model = "tck/elements-" + elements;
        if (elements > BOUNDED_STREAM_LIMIT) {
            // A stream that never ends: some deltas, then silence until the subscriber cancels.
            sandbox.script(model, SandboxBehaviour.textChunks(BOUNDED_STREAM_LIMIT)
                    .and(SandboxBehaviour.stallAfterChunks(BOUNDED_STREAM_LIMIT)));
        } else {
            sandbox.script(model, SandboxBehaviour.textChunks(Math.toIntExact(Math.max(0, elements - 1))));
        }
        ChatRequest request = ChatRequest.builder().model(ModelRef.parse("openrouter/" + model))
                .addMessage(Message.user("count")).build();
        return provider.chatModel().stream(request);
    }

    @Override
    public Flow.Publisher<ChatEvent> createFailedFlowPublisher() {
        return null;
    }

    /**
     * Streams of up to this many elements end normally; longer ones (the TCK asks for
     * {@code Integer.MAX_VALUE} to check demand above {@code Long.MAX_VALUE}) stall after it.
     */
    private static final int BOUNDED_STREAM_LIMIT = 1024;

}
