package dev.creor.provider.openrouter.sandbox;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything one answer puts on the wire, and when: a delay before the status line, the
 * status and headers, the body as pieces (each written and flushed on its own, after its
 * delay), and how the exchange ends. Built once per answer; {@link Exchange} plays it.
 */
final class ResponsePlan {
    /** How the exchange ends after the last piece. */
    enum Ending {
        /** The response ends normally. */
        END,
        /** The connection stays open and silent until the client closes it. */
        STALL,
        /** The TCP connection is reset. */
        RESET
    }

    /** Bytes written and flushed as one TCP write, {@code delayMillis} after the previous one. */
    record Piece(long delayMillis, Buffer bytes) {
    }

    private final long latencyMillis;
    private final int status;
    private final Map<String, String> headers;
    private final boolean chunked;
    private final List<Piece> pieces;
    private final Ending ending;

    private ResponsePlan(long latencyMillis, int status, Map<String, String> headers, boolean chunked,
                         List<Piece> pieces, Ending ending) {
        this.latencyMillis = latencyMillis;
        this.status = status;
        this.headers = headers;
        this.chunked = chunked;
        this.pieces = pieces;
        this.ending = ending;
    }

    static Builder builder() {
        return new Builder();
    }

    /** A complete JSON answer with no scripted timing. */
    static ResponsePlan json(int status, String body) {
        return builder().head(status, "application/json", false).segment(body, 0).build();
    }

    long latencyMillis() {
        return latencyMillis;
    }

    /** Whether a status line is ever written. */
    boolean hasHead() {
        return status > 0;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    boolean chunked() {
        return chunked;
    }

    List<Piece> pieces() {
        return pieces;
    }

    Ending ending() {
        return ending;
    }

    /**
     * Collects the body as segments (an SSE event, a comment, a JSON document), then cuts it
     * into pieces: at every {@code splitEvery} bytes, at each {@code splitAt} offset, and
     * before every segment that waits. Offsets count body bytes from 0, so a cut can fall
     * inside a line or inside a multi-byte UTF-8 character.
     */
    static final class Builder {
        private long latencyMillis;
        private int status = -1;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean chunked;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final List<long[]> delays = new ArrayList<>();
        private int splitEvery;
        private final TreeSet<Integer> splitAt = new TreeSet<>();
        private Ending ending = Ending.END;
        private int endingAfterBytes = Integer.MAX_VALUE;

        Builder latency(long millis) {
            latencyMillis = millis;
            return this;
        }

        Builder head(int statusCode, String contentType, boolean chunkedBody) {
            status = statusCode;
            chunked = chunkedBody;
            headers.put("content-type", contentType);
            return this;
        }

        Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Adds body bytes, written {@code delayMillis} after whatever precedes them. */
        Builder segment(String text, long delayMillis) {
            return segment(text.getBytes(StandardCharsets.UTF_8), delayMillis);
        }

        Builder segment(byte[] bytes, long delayMillis) {
            if (delayMillis > 0) {
                delays.add(new long[] {body.size(), delayMillis});
            }
            body.writeBytes(bytes);
            return this;
        }

        /** Cuts the body every {@code bytes} bytes; 0 for no such cuts. */
        Builder splitEvery(int bytes) {
            splitEvery = bytes;
            return this;
        }

        Builder splitAt(List<Integer> offsets) {
            splitAt.addAll(offsets);
            return this;
        }

        /**
         * Keeps the connection open and silent after {@code bytes} body bytes (the head, if there
         * is one, first); the rest of the body is never sent. Without a {@link #head}, nothing
         * is sent at all.
         */
        Builder stallAfter(int bytes) {
            ending = Ending.STALL;
            endingAfterBytes = bytes;
            return this;
        }

        /** Resets the connection after {@code bytes} body bytes (the head, if there is one, first; without one, at once). */
        Builder resetAfter(int bytes) {
            ending = Ending.RESET;
            endingAfterBytes = bytes;
            return this;
        }

        /** The body bytes so far. */
        int bodySize() {
            return body.size();
        }

        ResponsePlan build() {
            byte[] bytes = body.toByteArray();
            if (status > 0 && !chunked) {
                headers.put("content-length", Integer.toString(bytes.length));
            }
            int limit = Math.min(endingAfterBytes, bytes.length);
            if (status <= 0) {
                limit = 0;
            }
            return new ResponsePlan(latencyMillis, status, Map.copyOf(headers), chunked, cut(bytes, limit), ending);
        }

        private List<Piece> cut(byte[] bytes, int limit) {
            if (limit == 0) {
                return List.of();
            }
            TreeSet<Integer> cuts = new TreeSet<>();
            if (splitEvery > 0) {
                for (int offset = splitEvery; offset < limit; offset += splitEvery) {
                    cuts.add(offset);
                }
            }
            cuts.addAll(splitAt.subSet(1, limit));
            Map<Integer, Long> delayAt = new LinkedHashMap<>();
            for (long[] delay : delays) {
                int offset = (int) delay[0];
                if (offset < limit) {
                    delayAt.merge(offset, delay[1], Long::sum);
                    if (offset > 0) {
                        cuts.add(offset);
                    }
                }
            }
            cuts.add(limit);
            if (cuts.size() == 1 && delayAt.isEmpty() && limit == bytes.length) {
                return List.of(new Piece(0, Buffer.buffer(bytes)));
            }
            List<Piece> pieces = new ArrayList<>(cuts.size());
            int start = 0;
            for (int end : cuts) {
                byte[] slice = new byte[end - start];
                System.arraycopy(bytes, start, slice, 0, slice.length);
                pieces.add(new Piece(delayAt.getOrDefault(start, 0L), Buffer.buffer(slice)));
                start = end;
            }
            return List.copyOf(pieces);
        }
    }
}
