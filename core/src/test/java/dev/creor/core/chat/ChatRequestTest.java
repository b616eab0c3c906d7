package dev.creor.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.ModelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRequestTest {
    private static final ModelRef SONNET = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");

    private static ChatRequest.Builder minimal() {
        return ChatRequest.builder().model(SONNET).addMessage(Message.user("hi"));
    }

    @Test
    void buildsWithEveryOptionAndRoundTripsThroughToBuilder() {
        ToolSpec tool = new ToolSpec("read_file", "Reads a file",
                Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string"))));
        ChatRequest request = minimal()
                .fallbacks(List.of(ModelRef.parse("openrouter/openai/gpt-4o")))
                .addMessage(Message.assistant("", List.of(new ToolCall("call_1", "read_file", "{\"path\":\"a\"}"))))
                .addMessage(Message.tool("call_1", "contents"))
                .temperature(0.2).topP(0.9).maxTokens(100).stop(List.of("END"))
                .tools(List.of(tool))
                .reasoning(ReasoningOptions.builder().effort("high").exclude(true).build())
                .user("u-1").sessionId("s-1")
                .extras(Map.of("plugins", List.of(Map.of("id", "web"))))
                .build();

        assertThat(request.temperature()).hasValue(0.2);
        assertThat(request.topP()).hasValue(0.9);
        assertThat(request.maxTokens()).hasValue(100);
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(request.messages().get(2).toolCallId()).hasValue("call_1");
        assertThat(request.reasoning().flatMap(ReasoningOptions::effort)).hasValue("high");
        assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
        assertThat(request.toBuilder().temperature(1).build()).isNotEqualTo(request);
    }

    @Test
    void absentOptionsAreEmptyNotNull() {
        ChatRequest request = minimal().build();

        assertThat(request.temperature()).isEmpty();
        assertThat(request.topP()).isEmpty();
        assertThat(request.maxTokens()).isEmpty();
        assertThat(request.reasoning()).isEmpty();
        assertThat(request.user()).isEmpty();
        assertThat(request.sessionId()).isEmpty();
        assertThat(request.fallbacks()).isEmpty();
        assertThat(request.extras()).isEmpty();
    }

    @Test
    void requiresAModelAndAMessage() {
        assertThatThrownBy(() -> ChatRequest.builder().addMessage(Message.user("x")).build())
                .isInstanceOf(NullPointerException.class).hasMessage("model is not set");
        assertThatThrownBy(() -> ChatRequest.builder().model(SONNET).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one message");
    }

    @Test
    void rejectsOutOfRangeSamplingOptions() {
        assertThatThrownBy(() -> minimal().temperature(2.5)).hasMessage("temperature must be within 0.0..2.0: 2.5");
        assertThatThrownBy(() -> minimal().temperature(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minimal().topP(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minimal().maxTokens(0)).hasMessage("maxTokens must be positive: 0");
        assertThatThrownBy(() -> minimal().stop(List.of(""))).hasMessage("a stop sequence is empty");
    }

    @Test
    void rejectsToolsSharingAName() {
        ToolSpec tool = new ToolSpec("a", "", Map.of());
        assertThatThrownBy(() -> minimal().tools(List.of(tool, tool))).hasMessageContaining("two tools share a name");
    }

    @Test
    void rejectsExtrasThatAreNotJsonLike() {
        assertThatThrownBy(() -> minimal().extras(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.when");
    }

    @Test
    void copiesCollectionsDefensively() {
        List<Message> messages = new ArrayList<>(List.of(Message.user("a")));
        ChatRequest request = ChatRequest.builder().model(SONNET).messages(messages).build();
        messages.add(Message.user("b"));

        assertThat(request.messages()).hasSize(1);
        assertThatThrownBy(() -> request.messages().add(Message.user("c")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringLeaksNoMessageText() {
        assertThat(ChatRequest.builder().model(SONNET).addMessage(Message.user("my secret plan")).build().toString())
                .doesNotContain("secret plan");
        assertThat(Message.user("my secret plan").toString()).doesNotContain("secret plan");
    }
}
