package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.ToolCall;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ChatResponseMapperTest {
    private static final ModelRef AUTO = ModelRef.parse("openrouter/openrouter/auto");
    private final ChatResponseMapper mapper = new ChatResponseMapper(new OpenRouterErrors("openrouter",
            Clock.systemUTC(), null));

    @Test
    void mapsAWholeAnswer() {
        ChatResponse response = mapper.map(bytes("""
                {"id":"gen-1747-abc","provider":"Anthropic","model":"anthropic/claude-sonnet-4",
                 "object":"chat.completion","created":1747000000,
                 "choices":[{"index":0,"logprobs":null,"finish_reason":"tool_calls","native_finish_reason":"tool_use",
                   "message":{"role":"assistant","content":"Let me check.","reasoning":"Need the weather.","refusal":null,
                     "tool_calls":[{"id":"toolu_01","type":"function",
                                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                                   {"type":"function","function":{"name":"now","arguments":{"tz":"UTC"}}}]}}],
                 "usage":{"prompt_tokens":120,"completion_tokens":40,"total_tokens":160,"cost":0.0009600000000000001,
                   "prompt_tokens_details":{"cached_tokens":100},"completion_tokens_details":{"reasoning_tokens":12}}}"""),
                200, AUTO);

        assertThat(response.text()).isEqualTo("Let me check.");
        assertThat(response.reasoning()).isEqualTo("Need the weather.");
        assertThat(response.toolCalls()).containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_1", "now", "{\"tz\":\"UTC\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.servedModel()).isEqualTo(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"));
        assertThat(response.upstreamProvider()).hasValue("Anthropic");
        assertThat(response.metadata().generationId()).hasValue("gen-1747-abc");
        assertThat(response.usage().promptTokens()).isEqualTo(120);
        assertThat(response.usage().completionTokens()).isEqualTo(40);
        assertThat(response.usage().cachedTokens()).isEqualTo(100);
        assertThat(response.usage().reasoningTokens()).isEqualTo(12);
        // Exactly the digits on the wire, not a double's nearest value.
        assertThat(response.usage().cost()).hasValue(new BigDecimal("0.0009600000000000001"));
    }

    @Test
    void contentAsAnArrayOfPartsIsJoined() {
        ChatResponse response = mapper.map(bytes("""
                {"choices":[{"message":{"content":[{"type":"text","text":"Hello "},{"type":"image_url"},
                 {"type":"text","text":"world"}]},"finish_reason":"stop"}]}"""), 200, AUTO);

        assertThat(response.text()).isEqualTo("Hello world");
        assertThat(response.servedModel()).isEqualTo(AUTO);
        assertThat(response.usage().cost()).isEmpty();
    }

    @Test
    void aMissingOrNullFinishReasonIsUnknown() {
        assertThat(mapper.map(bytes("{\"choices\":[{\"message\":{\"content\":\"x\"}}]}"), 200, AUTO).finishReason())
                .isEqualTo(FinishReason.UNKNOWN);
        assertThat(mapper.map(bytes("{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":null}]}"), 200, AUTO)
                .finishReason()).isEqualTo(FinishReason.UNKNOWN);
        assertThat(mapper.map(bytes("{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"length\"}]}"),
                200, AUTO).finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void a200WithAnErrorAndNoChoicesFailsByTheErrorsCode() {
        assertThatThrownBy(() -> mapper.map(bytes("{\"error\":{\"code\":502,\"message\":\"Upstream error\","
                + "\"metadata\":{\"provider_name\":\"Fireworks\"}}}"), 200, AUTO))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                    assertThat(error.upstreamProvider()).hasValue("Fireworks");
                    assertThat(error.getMessage()).doesNotContain("no choices").contains("Upstream error");
                });
    }

    @Test
    void anAnswerWithNeitherChoicesNorErrorIsMalformed() {
        assertThatThrownBy(() -> mapper.map(bytes("{\"id\":\"gen-1\",\"choices\":[]}"), 200, AUTO))
                .isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE));
        assertThatThrownBy(() -> mapper.map(bytes("not json"), 200, AUTO))
                .isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE));

        assertThatThrownBy(() -> mapper.map(bytes("{\"choices\":[null]}"), 200, AUTO))
                .isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE));
    }

    @Test
    void leadingWhitespaceThatOpenRouterSendsAsKeepAliveIsFine() {
        assertThat(mapper.map(bytes("\n\n   \n{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"),
                200, AUTO).text()).isEqualTo("ok");
    }

    @Test
    void finishReasonErrorFails() {
        assertThatThrownBy(() -> mapper.map(bytes("{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"error\"}]}"),
                200, AUTO))
                .isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
