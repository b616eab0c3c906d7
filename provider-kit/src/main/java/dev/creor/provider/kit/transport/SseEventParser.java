package dev.creor.provider.kit.transport;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental parser of a {@code text/event-stream} body, fed the bytes as they arrive.
 *
 * <p>It follows the HTML server-sent events grammar: lines end with {@code \n}, {@code \r\n} or
 * {@code \r} (a {@code \r\n} split across two reads is one line end); a line starting with
 * {@code :} is a comment; {@code data:} lines accumulate, joined by {@code \n}, until a blank
 * line dispatches them as one event; other fields ({@code event}, {@code id}, {@code retry}) are
 * ignored, as chat-completion streams do not use them. An event's data is handed on as the UTF-8 bytes of
 * its complete lines, so a character split across reads is never corrupted: line-end bytes
 * cannot occur inside a multi-byte UTF-8 sequence. The bytes are not decoded here: a listener
 * that parses JSON reads them as they are, saving a string and its copies per chunk (the adapter's
 * hottest path, see docs/benchmarks.md). A leading byte-order mark is skipped.
 *
 * <p>Not thread-safe: one stream feeds one parser from one thread.
 */
public final class SseEventParser {
    /** Receives what the parser finds. */
    public interface Listener {
        /** One event's data (never {@code null}; empty when the event had an empty data line). */
        void onEvent(String data);

        /**
         * One event's data as UTF-8 bytes, {@code data[offset .. offset + length)}; the array is
         * the parser's and is reused after the call. By default decoded and passed to
         * {@link #onEvent(String)}.
         */
        default void onEvent(byte[] data, int offset, int length) {
            onEvent(new String(data, offset, length, StandardCharsets.UTF_8));
        }

        /** A comment line's text after the colon, e.g. {@code " OPENROUTER PROCESSING"}. */
        default void onComment(String comment) {
        }
    }

    /** Thrown when a line or an event exceeds the size limit; the stream cannot be trusted further. */
    public static final class EventTooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        EventTooLargeException(int limit) {
            super("an event-stream line or event is larger than " + limit + " bytes");
        }
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] LF_BYTES = {LF};

    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastByteWasCr;
    private boolean atStreamStart = true;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;

    /** A parser that refuses lines, and events, larger than {@code maxEventBytes}. */
    public SseEventParser(int maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Parses the next piece of the body as Vert.x read it, from the buffer's own array when it
     * has one (the HTTP client hands on heap copies of what Netty read), so that no further copy
     * is made per socket read.
     */
    public void feed(Buffer piece, Listener listener) throws EventTooLargeException {
        if (piece instanceof BufferInternal internal) {
            ByteBuf bytes = internal.unwrap();
            if (bytes.hasArray()) {
                // The bytes getBytes() would copy: indices 0 .. writerIndex, whatever the reader index.
                feed(bytes.array(), bytes.arrayOffset(), bytes.writerIndex(), listener);
                return;
            }
        }
        feed(piece.getBytes(), listener);
    }

    /** Parses the next piece of the body. */
    public void feed(byte[] bytes, Listener listener) throws EventTooLargeException {
        feed(bytes, 0, bytes.length, listener);
    }

    /**
     * Parses the next piece of the body, {@code bytes[offset .. offset + length)}; the array is
     * only read during the call (e.g. a socket buffer's own array, without a copy).
     */
    public void feed(byte[] bytes, int offset, int length, Listener listener) throws EventTooLargeException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == LF && lastByteWasCr) {
                // The second half of a CRLF whose CR ended the previous line (maybe in the previous read).
                lastByteWasCr = false;
                start = i + 1;
                continue;
            }
            lastByteWasCr = b == CR;
            if (b == CR || b == LF) {
                append(bytes, start, i - start);
                completeLine(listener);
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /**
     * The body ended: a last line without a line end still counts, and data not yet followed
     * by a blank line is dispatched rather than dropped (servers sometimes omit the last blank line).
     */
    public void end(Listener listener) throws EventTooLargeException {
        if (lineLength > 0) {
            completeLine(listener);
        }
        dispatch(listener);
    }

    private void append(byte[] bytes, int offset, int length) throws EventTooLargeException {
        if (length == 0) {
            return;
        }
        if (lineLength + length > maxEventBytes) {
            throw new EventTooLargeException(maxEventBytes);
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(maxEventBytes, Math.max(line.length * 2, lineLength + length)));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void completeLine(Listener listener) throws EventTooLargeException {
        int start = 0;
        if (atStreamStart) {
            atStreamStart = false;
            if (lineLength >= BOM.length && line[0] == BOM[0] && line[1] == BOM[1] && line[2] == BOM[2]) {
                start = BOM.length;
            }
        }
        int end = lineLength;
        lineLength = 0;
        if (start == end) {
            dispatch(listener);
        } else if (line[start] == ':') {
            listener.onComment(new String(line, start + 1, end - start - 1, StandardCharsets.UTF_8));
        } else {
            int colon = indexOf(':', start, end);
            int fieldEnd = colon < 0 ? end : colon;
            if (isData(start, fieldEnd)) {
                int value = colon < 0 ? end : colon + 1;
                if (value < end && line[value] == ' ') {
                    value++;
                }
                if (hasData) {
                    appendData(LF_BYTES, 0, 1);
                }
                appendData(line, value, end - value);
                hasData = true;
            }
        }
        if (line.length > 4096) {
            line = new byte[256]; // give a huge line's memory back
        }
    }

    private int indexOf(char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private boolean isData(int from, int to) {
        return to - from == 4 && line[from] == 'd' && line[from + 1] == 'a' && line[from + 2] == 't'
                && line[from + 3] == 'a';
    }

    private void appendData(byte[] bytes, int offset, int length) throws EventTooLargeException {
        if (dataLength + length > maxEventBytes) {
            throw new EventTooLargeException(maxEventBytes);
        }
        if (dataLength + length > data.length) {
            data = Arrays.copyOf(data, Math.min(maxEventBytes, Math.max(data.length * 2, dataLength + length)));
        }
        System.arraycopy(bytes, offset, data, dataLength, length);
        dataLength += length;
    }

    private void dispatch(Listener listener) {
        if (!hasData) {
            return;
        }
        int length = dataLength;
        dataLength = 0;
        hasData = false;
        listener.onEvent(data, 0, length);
        if (data.length > 4096) {
            data = new byte[256]; // give a huge event's memory back, once the listener is done with it
        }
    }
}
