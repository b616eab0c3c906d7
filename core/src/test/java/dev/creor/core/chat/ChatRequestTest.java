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

    @Test
    void requestLevelOptionsRoundTripThroughToBuilderAndCountForEquality() {
        ChatRequest request = minimal()
                .routing(Map.of("sort", "price", "only", List.of("Anthropic")))
                .headers(Map.of("X-Team", "platform"))
                .toolChoice(ChatRequest.ToolChoice.tool("read_file"))
                .parallelToolCalls(false)
                .responseFormat(ChatRequest.ResponseFormat.jsonSchema("answer", Map.of("type", "object"), true))
                .preset("coding")
                .plugins(List.of(ChatRequest.Plugin.of("web")))
                .build();

        assertThat(request.routing()).containsEntry("sort", "price");
        assertThat(request.headers()).containsExactly(Map.entry("X-Team", "platform"));
        assertThat(request.toolChoice().flatMap(ChatRequest.ToolChoice::toolName)).hasValue("read_file");
        assertThat(request.parallelToolCalls()).hasValue(false);
        assertThat(request.responseFormat().map(ChatRequest.ResponseFormat::kind))
                .hasValue(ChatRequest.ResponseFormat.Kind.JSON_SCHEMA);
        assertThat(request.preset()).hasValue("coding");
        assertThat(request.plugins()).extracting(ChatRequest.Plugin::id).containsExactly("web");
        assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
        assertThat(request).isNotEqualTo(request.toBuilder().preset("other").build());
        assertThat(request).isNotEqualTo(request.toBuilder().toolChoice(ChatRequest.ToolChoice.auto()).build());
    }

    @Test
    void headersTheTransportOwnsOrThatCouldSplitARequestAreRefused() {
        assertThatThrownBy(() -> minimal().headers(Map.of("Authorization", "Bearer x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Authorization")
                .hasMessageContaining("cannot be overridden");
        assertThatThrownBy(() -> minimal().headers(Map.of("host", "evil.example")))
                .hasMessageContaining("host");
        assertThatThrownBy(() -> minimal().headers(Map.of("X-A", "one\r\nX-Injected: yes")))
                .hasMessageContaining("X-A").hasMessageContaining("line break").hasMessageNotContaining("Injected");
        assertThatThrownBy(() -> minimal().headers(Map.of("Bad Name", "v")))
                .hasMessageContaining("not a valid HTTP header name");
    }

    @Test
    void toStringShowsNoHeaderValue() {
        assertThat(minimal().headers(Map.of("X-Token", "hunter2-secret")).build().toString())
                .doesNotContain("hunter2-secret");
    }

    @Test
    void reasoningEffortAndBudgetTogetherAreRefusedNamingBoth() {
        assertThatThrownBy(() -> ReasoningOptions.builder().effort("high").maxTokens(2000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reasoning effort (\"high\") and reasoning maxTokens (2000) are both set, but a request may"
                        + " have only one of them (OpenRouter refuses both together): keep the effort or the token budget");
    }

    @Test
    void presetsAreSlugsAndPluginsAndSchemasAreChecked() {
        assertThatThrownBy(() -> minimal().preset("@preset/coding")).hasMessageContaining("without @preset/");
        assertThatThrownBy(() -> minimal().plugins(List.of(ChatRequest.Plugin.of("web"), ChatRequest.Plugin.of("web"))))
                .hasMessageContaining("two plugins share an id");
        assertThatThrownBy(() -> new ChatRequest.Plugin("web", Map.of("id", "x"))).hasMessageContaining("\"id\" again");
        assertThatThrownBy(() -> ChatRequest.ResponseFormat.jsonSchema("has space", Map.of("type", "object"), false))
                .hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> ChatRequest.ResponseFormat.jsonSchema("empty", Map.of(), false))
                .hasMessageContaining("empty");
    }
}
