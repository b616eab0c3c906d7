package dev.creor.provider.kit.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventParserTest {
    /** Every kind of line, every line ending, and characters of 1 to 4 UTF-8 bytes. */
    private static final String STREAM = ": OPENROUTER PROCESSING\n"
            + "\n"
            + "data: {\"a\":\"é\"}\r\n"
            + "\r\n"
            + "data:no-space €\r"
            + "\r"
            + "event: ignored\n"
            + "id: 7\n"
            + "data: first line 😀\n"
            + "data\n"
            + "data:  two spaces\n"
            + "\n"
            + "\n"
            + ":comment without space\n"
            + "data: [DONE]\n"
            + "\n";

    private static final List<String> EVENTS = List.of("{\"a\":\"é\"}", "no-space €", "first line 😀\n\n two spaces",
            "[DONE]");
    private static final List<String> COMMENTS = List.of(" OPENROUTER PROCESSING", "comment without space");

    @Test
    void parsesEveryKindOfLineInOneRead() throws Exception {
        Recorder recorder = feed(bytes(STREAM), List.of());

        assertThat(recorder.events).isEqualTo(EVENTS);
        assertThat(recorder.comments).isEqualTo(COMMENTS);
    }

    @Test
    void givesTheSameEventsWhateverByteOffsetTheReadsSplitAt() throws Exception {
        byte[] stream = bytes(STREAM);
        for (int cut = 0; cut <= stream.length; cut++) {
            Recorder recorder = feed(stream, List.of(cut));

            assertThat(recorder.events).as("split at byte %d", cut).isEqualTo(EVENTS);
            assertThat(recorder.comments).as("split at byte %d", cut).isEqualTo(COMMENTS);
        }
    }

    @Test
    void givesTheSameEventsForEveryPairOfSplitOffsets() throws Exception {
        byte[] stream = bytes(STREAM);
        for (int first = 0; first <= stream.length; first++) {
            for (int second = first; second <= stream.length; second++) {
                assertThat(feed(stream, List.of(first, second)).events)
                        .as("split at bytes %d and %d", first, second).isEqualTo(EVENTS);
            }
        }
    }

    @Test
    void givesTheSameEventsFedOneByteAtATime() throws Exception {
        byte[] stream = bytes(STREAM);
        List<Integer> everyByte = new ArrayList<>();
        for (int i = 1; i < stream.length; i++) {
            everyByte.add(i);
        }

        assertThat(feed(stream, everyByte).events).isEqualTo(EVENTS);
    }

    @Test
    void readsVertxBuffersFromTheirOwnArraysWhereverTheirBytesLieInThem() throws Exception {
        byte[] stream = bytes(STREAM);
        for (int cut = 0; cut <= stream.length; cut++) {
            Recorder recorder = new Recorder();
            SseEventParser parser = new SseEventParser(1 << 20);

            parser.feed(sliceOfALargerArray(stream, 0, cut), recorder);
            parser.feed(sliceOfALargerArray(stream, cut, stream.length), recorder);
            parser.end(recorder);

            assertThat(recorder.events).as("split at byte %d", cut).isEqualTo(EVENTS);
            assertThat(recorder.comments).as("split at byte %d", cut).isEqualTo(COMMENTS);
        }
    }

    @Test
    void readsAVertxBufferAsItsBytesWhateverItsByteBufIsLike() throws Exception {
        byte[] stream = bytes(STREAM);
        ByteBuf movedReaderIndex = Unpooled.wrappedBuffer(stream);
        movedReaderIndex.readerIndex(7);
        ByteBuf direct = Unpooled.directBuffer(stream.length).writeBytes(stream);
        for (Buffer buffer : List.of(Buffer.buffer(stream), BufferInternal.buffer(movedReaderIndex),
                BufferInternal.buffer(direct))) {
            Recorder fromBuffer = new Recorder();
            Recorder fromItsBytes = new Recorder();

            new SseEventParser(1 << 20).feed(buffer, fromBuffer);
            new SseEventParser(1 << 20).feed(buffer.getBytes(), fromItsBytes);

            assertThat(fromBuffer.events).isEqualTo(fromItsBytes.events).isNotEmpty();
            assertThat(fromBuffer.comments).isEqualTo(fromItsBytes.comments);
        }
    }

    @Test
    void readsOnlyTheGivenRangeOfAnArray() throws Exception {
        byte[] padded = bytes("data: outside\n\ndata: inside\n\ndata: outside\n\n");
        Recorder recorder = new Recorder();
        SseEventParser parser = new SseEventParser(1024);

        parser.feed(padded, 15, 14, recorder);
        parser.end(recorder);

        assertThat(recorder.events).containsExactly("inside");
    }

    @Test
    void splitsInsideMultiByteCharactersNeverCorruptThem() throws Exception {
        String text = "é€😀ü";
        byte[] stream = bytes("data: " + text + "\n\n");
        for (int cut = 6; cut < stream.length - 2; cut++) {
            assertThat(feed(stream, List.of(cut)).events).as("split at byte %d", cut).containsExactly(text);
        }
    }

    @Test
    void aCrLfSplitBetweenTwoReadsIsOneLineEnd() throws Exception {
        Recorder recorder = new Recorder();
        SseEventParser parser = new SseEventParser(1024);

        parser.feed(bytes("data: a\r"), recorder);
        parser.feed(bytes("\ndata: b\r"), recorder);
        parser.feed(bytes("\n\r"), recorder);
        parser.feed(bytes("\n"), recorder);

        assertThat(recorder.events).containsExactly("a\nb");
    }

    @Test
    void severalEventsInOneReadAreAllDelivered() throws Exception {
        Recorder recorder = feed(bytes("data: 1\n\ndata: 2\n\ndata: 3\n\n"), List.of());

        assertThat(recorder.events).containsExactly("1", "2", "3");
    }

    @Test
    void aLastEventWithoutBlankLineOrLineEndIsDeliveredAtTheEnd() throws Exception {
        Recorder recorder = new Recorder();
        SseEventParser parser = new SseEventParser(1024);

        parser.feed(bytes("data: 1\n\ndata: 2"), recorder);
        assertThat(recorder.events).containsExactly("1");
        parser.end(recorder);

        assertThat(recorder.events).containsExactly("1", "2");
    }

    @Test
    void skipsALeadingByteOrderMark() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = bytes("data: x\n\n");
        byte[] stream = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, stream, bom.length, body.length);

        assertThat(feed(stream, List.of(1)).events).containsExactly("x");
    }

    @Test
    void anEmptyDataLineIsAnEmptyEvent() throws Exception {
        assertThat(feed(bytes("data:\n\n"), List.of()).events).containsExactly("");
    }

    @Test
    void refusesALineLongerThanTheLimitEvenAcrossReads() {
        SseEventParser parser = new SseEventParser(16);
        Recorder recorder = new Recorder();

        assertThatThrownBy(() -> {
            parser.feed(bytes("data: 0123456"), recorder);
            parser.feed(bytes("789abcdef\n"), recorder);
        }).isInstanceOf(SseEventParser.EventTooLargeException.class).hasMessageContaining("16 bytes");
    }

    @Test
    void refusesAnEventWhoseDataLinesTogetherExceedTheLimit() {
        SseEventParser parser = new SseEventParser(16);

        assertThatThrownBy(() -> parser.feed(bytes("data: 0123456789\ndata: 0123456789\n"), new Recorder()))
                .isInstanceOf(SseEventParser.EventTooLargeException.class);
    }

    private static Recorder feed(byte[] stream, List<Integer> cuts) throws SseEventParser.EventTooLargeException {
        Recorder recorder = new Recorder();
        SseEventParser parser = new SseEventParser(1 << 20);
        int start = 0;
        for (int cut : cuts) {
            parser.feed(Arrays.copyOfRange(stream, start, cut), recorder);
            start = cut;
        }
        parser.feed(Arrays.copyOfRange(stream, start, stream.length), recorder);
        parser.end(recorder);
        return recorder;
    }

    /** A Vert.x buffer of {@code stream[from .. to)} inside a larger array whose other bytes are events of their own. */
    private static Buffer sliceOfALargerArray(byte[] stream, int from, int to) {
        byte[] noise = bytes("\n\ndata: noise\n\n");
        byte[] array = new byte[noise.length + (to - from) + noise.length];
        System.arraycopy(noise, 0, array, 0, noise.length);
        System.arraycopy(stream, from, array, noise.length, to - from);
        System.arraycopy(noise, 0, array, noise.length + (to - from), noise.length);
        ByteBuf slice = Unpooled.wrappedBuffer(array, noise.length, to - from);
        assertThat(slice.hasArray()).isTrue();
        return BufferInternal.buffer(slice);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Recorder implements SseEventParser.Listener {
        final List<String> events = new ArrayList<>();
        final List<String> comments = new ArrayList<>();

        @Override
        public void onEvent(String data) {
            events.add(data);
        }

        @Override
        public void onComment(String comment) {
            comments.add(comment);
        }
    }
}
