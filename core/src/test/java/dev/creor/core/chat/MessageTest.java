package dev.creor.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.chat.Message.CacheBreakpoint;
import dev.creor.core.chat.Message.Media;
import dev.creor.core.chat.Message.Part;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};

    @Test
    void theTextFactoriesStillGiveTextAndToolCallsAsBefore() {
        ToolCall call = new ToolCall("call_1", "read", "{\"path\":\"a\"}");

        assertThat(Message.user("hi").text()).isEqualTo("hi");
        assertThat(Message.user("hi").parts()).containsExactly(new Part.Text("hi"));
        assertThat(Message.assistant("", List.of(call)).text()).isEmpty();
        assertThat(Message.assistant("", List.of(call)).toolCalls()).containsExactly(call);
        assertThat(Message.assistant("", List.of(call)).parts()).containsExactly(new Part.ToolUse(call));
        assertThat(Message.tool("call_1", "42").text()).isEqualTo("42");
        assertThat(Message.tool("call_1", "42").toolCallId()).hasValue("call_1");
        assertThat(Message.assistant("x").reasoning()).isEmpty();
    }

    @Test
    void aUserMessageHoldsOrderedTextImageAndFileParts() {
        Message message = Message.builder(Role.USER)
                .text("What is in this picture?")
                .image(Media.bytes(PNG, "image/png"))
                .file(Media.url(URI.create("https://example.com/spec.pdf")), "spec.pdf")
                .cacheBreakpoint(CacheBreakpoint.ONE_HOUR)
                .build();

        assertThat(message.parts()).hasSize(3);
        assertThat(message.parts().get(1)).isInstanceOf(Part.Image.class);
        assertThat(message.parts().get(2).cache()).isEqualTo(CacheBreakpoint.ONE_HOUR);
        assertThat(message.text()).isEqualTo("What is in this picture?");
        assertThat(message.hasCacheBreakpoint()).isTrue();
    }

    @Test
    void partsThatDoNotFitTheRoleAreRefusedWithTheRule() {
        assertThatThrownBy(() -> Message.builder(Role.SYSTEM).image(Media.bytes(PNG, "image/png")).build())
                .hasMessage("a system message cannot hold a image part; a system message holds text only");
        assertThatThrownBy(() -> Message.builder(Role.ASSISTANT).image(Media.bytes(PNG, "image/png")).build())
                .hasMessageContaining("an assistant message holds text and tool calls");
        assertThatThrownBy(() -> Message.builder(Role.USER).toolResult("c", "x").build())
                .hasMessageContaining("a user message holds text, images and files");
        assertThatThrownBy(() -> Message.builder(Role.USER).build())
                .hasMessage("a user message needs at least one part");
        assertThatThrownBy(() -> Message.builder(Role.USER).text("x").reasoning(Message.Reasoning.of("r")).build())
                .hasMessageContaining("only an assistant message carries reasoning");
        assertThatThrownBy(() -> Message.builder(Role.ASSISTANT).toolCall(new ToolCall("c", "n", "{}"))
                .cacheBreakpoint(CacheBreakpoint.FIVE_MINUTES))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void mediaBytesAreCopiedInAndOutAndBecomeADataUrl() {
        byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
        Media media = Media.bytes(data, "image/png");
        data[0] = 'z';
        media.data().orElseThrow()[1] = 'z';

        assertThat(media.asUrl()).isEqualTo("data:image/png;base64,YWJj");
        assertThat(media).isEqualTo(Media.bytes("abc".getBytes(StandardCharsets.US_ASCII), "image/png"));
        assertThat(media.toString()).isEqualTo("Media[image/png, 3 bytes]");
        assertThatThrownBy(() -> Media.bytes(data, "png")).hasMessageContaining("not a media type");
        assertThatThrownBy(() -> Media.url(URI.create("relative/x.png"))).hasMessageContaining("absolute");
    }

    @Test
    void reasoningDetailsAreKeptAsTheRawTextGiven() {
        String signed = "{\"type\":\"reasoning.text\",\"text\":\"t\",\"signature\":\"c2ln\\u00e9==\",\"index\":0}";
        Message message = Message.builder(Role.ASSISTANT).text("ok")
                .reasoning(new Message.Reasoning("t", "", List.of(signed)))
                .providerMetadata(Map.of("annotations", List.of(Map.of("type", "file"))))
                .build();

        assertThat(message.reasoning().orElseThrow().details().get(0)).isSameAs(signed);
        assertThat(message.toBuilder().build()).isEqualTo(message);
        assertThat(message.providerMetadata()).containsKey("annotations");
        assertThat(message.toString()).doesNotContain("c2ln").contains("1 details");
        assertThatThrownBy(() -> new Message.Reasoning("", "", List.of("\"just a string\"")))
                .hasMessageContaining("must be a JSON object's text");
    }

    @Test
    void aCacheBreakpointGoesOnTheLastPartThatCanCarryOne() {
        ToolCall call = new ToolCall("c", "n", "{}");
        Message assistant = Message.assistant("text", List.of(call)).withCacheBreakpoint(CacheBreakpoint.FIVE_MINUTES);
        Message onlyCalls = Message.assistant("", List.of(call));

        assertThat(assistant.parts().get(0).cache()).isEqualTo(CacheBreakpoint.FIVE_MINUTES);
        assertThat(assistant.parts().get(1).cache()).isEqualTo(CacheBreakpoint.NONE);
        assertThat(onlyCalls.withCacheBreakpoint(CacheBreakpoint.FIVE_MINUTES)).isSameAs(onlyCalls);
    }

    @Test
    void toStringNeverShowsContent() {
        Message message = Message.builder(Role.USER).text("secret plan").image(Media.bytes(PNG, "image/png")).build();

        assertThat(message.toString()).isEqualTo("Message[USER, 11 chars, 1 media parts]");
        assertThat(message.parts().get(0).toString()).doesNotContain("secret");
    }
}
