package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.ToolCall;
import dev.creor.provider.kit.transport.SseEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamAssemblerTest {
    private static final ModelRef SONNET = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
    private static final ModelRef O3 = ModelRef.parse("openrouter/openai/o3");
    private static final ModelRef AUTO = ModelRef.parse("openrouter/openrouter/auto");
    private static final Secret KEY = Secret.of("sk-or-v1-" + "0123456789abcdef".repeat(4));
    private static final OpenRouterErrors ERRORS = new OpenRouterErrors("openrouter",
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), KEY);

    @Test
    void aRecordedTextStreamGivesTextCostAndMetadataWhereverTheReadsSplit() throws Exception {
        byte[] stream = resource("text-with-usage.sse");
        for (int cut = 0; cut <= stream.length; cut++) {
            List<ChatEvent> events = run(SONNET, stream, cut);
            ChatResponse response = collect(events);

            assertThat(response.text()).as("split at %d", cut).isEqualTo("Grüße aus Köln — das kostet 3 € 😀\n\nFertig.");
            assertThat(events.stream().filter(ChatEvent.TextDelta.class::isInstance)).hasSize(7);
            assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(response.servedModel()).isEqualTo(SONNET);
            assertThat(response.upstreamProvider()).hasValue("Anthropic");
            assertThat(response.metadata().generationId()).hasValue("gen-1747326482-Vx3pQm9kLr2TfA8sNcYw");
            assertThat(response.usage().promptTokens()).isEqualTo(14);
            assertThat(response.usage().completionTokens()).isEqualTo(23);
            assertThat(response.usage().cachedTokens()).isEqualTo(4);
            assertThat(response.usage().cost()).hasValue(new BigDecimal("0.000387"));
        }
    }

    @Test
    void aRecordedReasoningAndToolCallStreamWithCrLfAssemblesEveryFragment() throws Exception {
        byte[] stream = resource("reasoning-and-tool-calls.sse");
        for (int cut = 0; cut <= stream.length; cut += 7) {
            ChatResponse response = collect(run(O3, stream, cut));

            assertThat(response.reasoning()).isEqualTo("The user wants the weather; I should call get_weather.");
            assertThat(response.text()).isEmpty();
            assertThat(response.toolCalls()).containsExactly(
                    new ToolCall("call_abc123", "get_weather", "{\"location\": \"München\", \"unit\": \"celsius\"}"),
                    new ToolCall("call_def456", "get_time", "{\"tz\":\"Europe/Berlin\"}"));
            assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(response.usage().reasoningTokens()).isEqualTo(64);
            // The usage chunk of this stream has one choice with an empty delta, not an empty list.
            assertThat(response.usage().cost()).hasValue(new BigDecimal("0.00094"));
            assertThat(response.upstreamProvider()).hasValue("OpenAI");
        }
    }

    @Test
    void aMidStreamErrorWithAStringCodeFailsAndKeepsThePartialText() throws Exception {
        List<ChatEvent> events = run(ModelRef.parse("openrouter/google/gemini-2.5-flash"),
                resource("mid-stream-error.sse"), 0);

        ChatEvent last = events.get(events.size() - 1);
        assertThat(last).isInstanceOfSatisfying(ChatEvent.Failed.class, failed -> {
            assertThat(failed.error().code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(failed.error().retryable()).isTrue();
            assertThat(failed.error().getMessage()).contains("code server_error")
                    .contains("Upstream provider Google returned 503: overloaded");
            assertThat(failed.partialText()).isEqualTo("Once upon a time");
        });
        assertThat(events).filteredOn(ChatEvent.Completed.class::isInstance).isEmpty();
    }

    @Test
    void aMidStreamErrorWithANumericCodeIsClassifiedByTheCode() {
        List<ChatEvent> events = feed(SONNET, "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                + "data: {\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"},"
                + "\"choices\":[{\"delta\":{},\"finish_reason\":\"error\"}]}\n\n");

        assertThat(failure(events).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(failure(events).getMessage()).contains("code 429");
    }

    @Test
    void anErrorChunkWithoutChoicesFails() {
        List<ChatEvent> events = feed(SONNET, "data: {\"error\":{\"code\":\"context_length_exceeded\","
                + "\"message\":\"too long\"}}\n\n");

        assertThat(failure(events).code()).isEqualTo(ErrorCode.CONTEXT_TOO_LONG);
    }

    @Test
    void finishReasonErrorWithoutAnErrorObjectStillFails() {
        List<ChatEvent> events = feed(SONNET, "data: {\"provider\":\"Anthropic\",\"choices\":[{\"delta\":{\"content\":\"x\"},"
                + "\"finish_reason\":\"error\"}]}\n\ndata: [DONE]\n\n");

        assertThat(failure(events).code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(failure(events).upstreamProvider()).hasValue("Anthropic");
    }

    @Test
    void aMalformedChunkFailsWithMalformedResponse() {
        List<ChatEvent> events = feed(SONNET, "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":\n\n");

        assertThat(failure(events).code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
        assertThat(((ChatEvent.Failed) events.get(events.size() - 1)).partialText()).isEqualTo("ok");
    }

    @Test
    void aNullChoiceFailsWithMalformedResponseInsteadOfThrowing() {
        List<ChatEvent> events = feed(SONNET, "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\n"
                + "data: {\"choices\":[null]}\n\n");

        assertThat(failure(events).code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
        assertThat(failure(events).getMessage()).contains("first choice is JSON null");
        assertThat(((ChatEvent.Failed) events.get(events.size() - 1)).partialText()).isEqualTo("ok");
    }

    @Test
    void aMissingFinishReasonBeforeDoneCompletesWithUnknown() {
        List<ChatEvent> events = feed(SONNET, "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\n"
                + "data: [DONE]\n\n");

        assertThat(collect(events).finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }

    @Test
    void theUsageChunksNullFinishReasonDoesNotOverwriteTheRealOne() {
        List<ChatEvent> events = feed(SONNET, "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"length\"}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":1,"
                + "\"completion_tokens\":2,\"cost\":1E-7}}\n\n"
                + "data: [DONE]\n\n");

        ChatResponse response = collect(events);
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage().cost()).hasValue(new BigDecimal("1E-7"));
    }

    @Test
    void aBodyEndingAfterAFinishReasonWithoutDoneOrUsageStillCompletes() {
        ChatStreamAssembler assembler = new ChatStreamAssembler(SONNET, ERRORS);
        List<ChatEvent> events = new ArrayList<>();
        assembler.onData("{\"choices\":[{\"delta\":{\"content\":\"whole\"},\"finish_reason\":\"stop\"}]}", events::add);
        assembler.onEnd(events::add);

        assertThat(collect(events).text()).isEqualTo("whole");
        assertThat(collect(events).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void aBodyEndingBeforeAnyFinishIsInterrupted() {
        ChatStreamAssembler assembler = new ChatStreamAssembler(SONNET, ERRORS);
        List<ChatEvent> events = new ArrayList<>();
        assembler.onData("{\"choices\":[{\"delta\":{\"content\":\"half\"}}]}", events::add);
        assembler.onEnd(events::add);

        assertThat(failure(events).code()).isEqualTo(ErrorCode.STREAM_INTERRUPTED);
    }

    @Test
    void aBrokenConnectionAfterTheFinishReasonCompletesAndBeforeItFails() {
        CreorException broken = CreorException.of(ErrorCode.STREAM_INTERRUPTED, "gone");

        ChatStreamAssembler finished = new ChatStreamAssembler(SONNET, ERRORS);
        List<ChatEvent> whole = new ArrayList<>();
        finished.onData("{\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}", whole::add);
        finished.onBroken(broken, whole::add);
        assertThat(whole.get(whole.size() - 1)).isInstanceOf(ChatEvent.Completed.class);

        ChatStreamAssembler unfinished = new ChatStreamAssembler(SONNET, ERRORS);
        List<ChatEvent> half = new ArrayList<>();
        unfinished.onData("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}", half::add);
        unfinished.onBroken(broken, half::add);
        assertThat(failure(half)).isSameAs(broken);
    }

    @Test
    void theAutoRouterNamesTheModelItPicked() {
        List<ChatEvent> events = feed(AUTO, "data: {\"model\":\"openai/gpt-4o\",\"provider\":\"OpenAI\","
                + "\"choices\":[{\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");

        assertThat(collect(events).servedModel()).isEqualTo(ModelRef.parse("openrouter/openai/gpt-4o"));
    }

    @Test
    void nothingIsEmittedAfterTheTerminalEvent() {
        List<ChatEvent> events = feed(SONNET, "data: [DONE]\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"late\"}}]}\n\n");

        assertThat(events).hasSize(1).first().isInstanceOf(ChatEvent.Completed.class);
    }

    @Test
    void anEmittedErrorIsScrubbedOfTheKey() {
        List<ChatEvent> events = feed(SONNET, "data: {\"error\":{\"code\":401,\"message\":\"key " + KEY.reveal()
                + " is disabled\"}}\n\n");

        assertThat(failure(events).getMessage()).doesNotContain(KEY.reveal()).contains(KEY.masked());
    }

    private static List<ChatEvent> feed(ModelRef model, String sse) {
        return run(model, sse.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
    }

    private static List<ChatEvent> run(ModelRef model, byte[] stream, int cut) {
        ChatStreamAssembler assembler = new ChatStreamAssembler(model, ERRORS);
        SseEventParser parser = new SseEventParser(1 << 20);
        List<ChatEvent> events = new ArrayList<>();
        try {
            parser.feed(Arrays.copyOfRange(stream, 0, cut), assembler.listener(events::add));
            parser.feed(Arrays.copyOfRange(stream, cut, stream.length), assembler.listener(events::add));
            parser.end(assembler.listener(events::add));
        } catch (SseEventParser.EventTooLargeException e) {
            throw new AssertionError(e);
        }
        assembler.onEnd(events::add);
        long terminals = events.stream().filter(e -> e instanceof ChatEvent.Completed || e instanceof ChatEvent.Failed)
                .count();
        assertThat(terminals).as("exactly one terminal event").isEqualTo(1);
        return events;
    }

    private static ChatResponse collect(List<ChatEvent> events) {
        ChatResponseCollector collector = new ChatResponseCollector();
        events.forEach(collector::accept);
        return collector.response().orElseThrow(() -> new AssertionError("no Completed event in " + events));
    }

    private static CreorException failure(List<ChatEvent> events) {
        ChatEvent last = events.get(events.size() - 1);
        assertThat(last).isInstanceOf(ChatEvent.Failed.class);
        return ((ChatEvent.Failed) last).error();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ChatStreamAssemblerTest.class.getResourceAsStream("streams/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
