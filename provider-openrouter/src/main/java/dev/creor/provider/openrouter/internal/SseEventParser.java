package dev.creor.provider.openrouter.internal;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of a {@code text/event-stream} body, fed the bytes as they arrive.
 *
 * <p>It follows the HTML server-sent events grammar: lines end with {@code \n}, {@code \r\n} or
 * {@code \r} (a {@code \r\n} split across two reads is one line end); a line starting with
 * {@code :} is a comment; {@code data:} lines accumulate, joined by {@code \n}, until a blank
 * line dispatches them as one event; other fields ({@code event}, {@code id}, {@code retry}) are
 * ignored, as OpenRouter does not use them. Bytes are decoded as UTF-8 one complete line at a
 * time, so a character split across reads is never corrupted: line-end bytes cannot occur
 * inside a multi-byte UTF-8 sequence. A leading byte-order mark is skipped.
 *
 * <p>Not thread-safe: one stream feeds one parser from one thread.
 */
final class SseEventParser {
    /** Receives what the parser finds. */
    interface Listener {
        /** One event's data (never {@code null}; empty when the event had an empty data line). */
        void onEvent(String data);

        /** A comment line's text after the colon, e.g. {@code " OPENROUTER PROCESSING"}. */
        default void onComment(String comment) {
        }
    }

    /** Thrown when a line or an event exceeds the size limit; the stream cannot be trusted further. */
    static final class EventTooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        EventTooLargeException(int limit) {
            super("an event-stream line or event is larger than " + limit + " bytes");
        }
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastByteWasCr;
    private boolean atStreamStart = true;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** A parser that refuses lines, and events, larger than {@code maxEventBytes}. */
    SseEventParser(int maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** Parses the next piece of the body, calling the listener for each complete line's effect. */
    void feed(Buffer buffer, Listener listener) throws EventTooLargeException {
        feed(buffer.getBytes(), listener);
    }

    /** Parses the next piece of the body. */
    void feed(byte[] bytes, Listener listener) throws EventTooLargeException {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
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
        append(bytes, start, bytes.length - start);
    }

    /**
     * The body ended: a last line without a line end still counts, and data not yet followed
     * by a blank line is dispatched rather than dropped (servers sometimes omit the last blank line).
     */
    void end(Listener listener) throws EventTooLargeException {
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
        int offset = 0;
        if (atStreamStart) {
            atStreamStart = false;
            if (lineLength >= BOM.length && line[0] == BOM[0] && line[1] == BOM[1] && line[2] == BOM[2]) {
                offset = BOM.length;
            }
        }
        String text = new String(line, offset, lineLength - offset, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > 4096) {
            line = new byte[256]; // give a huge line's memory back
        }
        if (text.isEmpty()) {
            dispatch(listener);
        } else if (text.charAt(0) == ':') {
            listener.onComment(text.substring(1));
        } else {
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            if (field.equals("data")) {
                String value = colon < 0 ? "" : text.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (hasData) {
                    data.append('\n');
                }
                if (data.length() + value.length() > maxEventBytes) {
                    throw new EventTooLargeException(maxEventBytes);
                }
                data.append(value);
                hasData = true;
            }
        }
    }

    private void dispatch(Listener listener) {
        if (!hasData) {
            return;
        }
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        listener.onEvent(event);
    }
}
