package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;

/**
 * Reads the common stream chunk — ids, at most one choice whose delta holds plain {@code content}
 * and {@code reasoning} strings, a {@code finish_reason} — straight from its bytes with one
 * non-blocking Jackson parser per stream, instead of binding every chunk into the {@link Wire}
 * records with a parser and a deserialisation context of its own (about a kilobyte of garbage
 * per chunk, the largest share of a stream's allocation).
 *
 * <p>It <em>declines</em> whatever it does not read exactly as {@link Json#read} would: a
 * {@code usage}, {@code error}, {@code message}, tool-call, reasoning-details or annotations
 * value other than {@code null}, content parts, more than one choice, a field of the wire records
 * given twice or with a token type other than the plain one, a chunk that is not one whole JSON
 * object, and anything the parser refuses (bytes that are not UTF-8 among them). The caller then
 * decodes the chunk with the mapper as before, so every such chunk ends exactly as it always has;
 * a declined chunk costs a second read. Fields the wire records do not know are skipped, as the
 * records' {@code ignoreUnknown} does.
 *
 * <p>One instance per thread ({@link #ofThisThread}), shared by the streams that thread reads: a
 * chunk is one whole JSON value, so between two chunks the parser is at the end of a value and
 * may take any stream's next chunk; it is replaced only after a chunk it could not read to its
 * end. So a stream costs no parser and no parser's buffers, however many streams are open, and a
 * chunk allocates only the strings it carries. The results are valid until the next {@link #read}
 * on the thread: read them before handing anything on.
 */
final class PlainChunkReader {
    private static final ThreadLocal<PlainChunkReader> PER_THREAD = ThreadLocal.withInitial(PlainChunkReader::new);

    /** Thrown to give up on a chunk; preallocated and without a stack trace, as declining is control flow. */
    private static final class Declined extends Exception {
        private static final long serialVersionUID = 1L;

        Declined() {
            super("declined", null, false, false);
        }
    }

    private static final Declined DECLINED = new Declined();

    private static final int ID = 1;
    private static final int MODEL = 1 << 1;
    private static final int PROVIDER = 1 << 2;
    private static final int CHOICES = 1 << 3;
    private static final int USAGE = 1 << 4;
    private static final int ERROR = 1 << 5;
    private static final int INDEX = 1 << 6;
    private static final int MESSAGE = 1 << 7;
    private static final int DELTA = 1 << 8;
    private static final int FINISH_REASON = 1 << 9;
    private static final int ROLE = 1 << 10;
    private static final int CONTENT = 1 << 11;
    private static final int REASONING = 1 << 12;
    private static final int TOOL_CALLS = 1 << 13;
    private static final int REASONING_DETAILS = 1 << 14;
    private static final int ANNOTATIONS = 1 << 15;

    private JsonParser parser;

    /** The reader of the calling thread. */
    static PlainChunkReader ofThisThread() {
        return PER_THREAD.get();
    }

    /** The chunk's {@code id}, or {@code null}; the string known before when the text is the same. */
    private String id;
    private String model;
    private String provider;
    private boolean hasChoice;
    private boolean hasDelta;
    private String content;
    private String reasoning;
    private String finishReason;

    /**
     * Reads one chunk's JSON, {@code data[offset .. offset + length)} (no leading or trailing
     * whitespace). The {@code known} strings are the values remembered from earlier chunks: an
     * equal value is returned as the same string instead of a new one.
     *
     * @return whether the chunk was read; when not, nothing read is valid and the caller decodes the chunk in full
     */
    boolean read(byte[] data, int offset, int length, String knownId, String knownModel, String knownProvider) {
        id = null;
        model = null;
        provider = null;
        hasChoice = false;
        hasDelta = false;
        content = null;
        reasoning = null;
        finishReason = null;
        try {
            if (parser == null) {
                parser = Json.MAPPER.getFactory().createNonBlockingByteArrayParser();
            }
            ByteArrayFeeder feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
            feeder.feedInput(data, offset, offset + length);
            if (next() != JsonToken.START_OBJECT) {
                throw DECLINED;
            }
            readChunk(knownId, knownModel, knownProvider);
            if (!feeder.needMoreInput()) {
                // Bytes after the object, which the mapper ignores too: this parser cannot take the next chunk.
                close();
            }
            return true;
        } catch (Declined declined) {
            skipRestOrClose();
            return false;
        } catch (IOException | RuntimeException unreadable) {
            close();
            return false;
        }
    }

    /**
     * After a decline inside a well-formed chunk, reads on to the end of its object so that the
     * parser can take the next chunk (a stream's reasoning chunks and its usage chunk are
     * declined, and a parser per declined chunk would cost what this class saves); when the rest
     * is not JSON or more bytes follow the object, the next chunk gets a new parser.
     */
    private void skipRestOrClose() {
        try {
            if (parser != null && parser.currentToken() != null) {
                while (!parser.getParsingContext().inRoot()) {
                    next();
                }
                JsonToken last = parser.currentToken();
                if ((last == JsonToken.END_OBJECT || last == JsonToken.END_ARRAY)
                        && ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).needMoreInput()) {
                    return; // at the end of a whole value, with nothing after it
                }
            }
        } catch (Declined | IOException | RuntimeException unreadable) {
            // closed below
        }
        close();
    }

    String id() {
        return id;
    }

    String model() {
        return model;
    }

    String provider() {
        return provider;
    }

    /** Whether {@code choices} held a choice (else the chunk carries no delta and no finish reason). */
    boolean hasChoice() {
        return hasChoice;
    }

    /** Whether the choice had a {@code delta} object. */
    boolean hasDelta() {
        return hasDelta;
    }

    /** The delta's {@code content}, or {@code null}. */
    String content() {
        return content;
    }

    /** The delta's {@code reasoning}, or {@code null}. */
    String reasoning() {
        return reasoning;
    }

    /** The choice's {@code finish_reason}, or {@code null}. */
    String finishReason() {
        return finishReason;
    }

    /** Drops the parser (returning its buffers); the next chunk gets a new one. */
    private void close() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException | RuntimeException ignored) {
                // A byte-array parser holds no resource but its recycled buffers.
            }
            parser = null;
        }
    }

    private void readChunk(String knownId, String knownModel, String knownProvider) throws IOException, Declined {
        int seen = 0;
        JsonToken token;
        while ((token = next()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = next();
            switch (name) {
                case "id" -> {
                    seen = once(seen, ID);
                    id = string(value, knownId);
                }
                case "model" -> {
                    seen = once(seen, MODEL);
                    model = string(value, knownModel);
                }
                case "provider" -> {
                    seen = once(seen, PROVIDER);
                    provider = string(value, knownProvider);
                }
                case "choices" -> {
                    seen = once(seen, CHOICES);
                    readChoices(value);
                }
                case "usage" -> {
                    seen = once(seen, USAGE);
                    requireNull(value);
                }
                case "error" -> {
                    seen = once(seen, ERROR);
                    requireNull(value);
                }
                default -> skip(value);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw DECLINED;
        }
    }

    private void readChoices(JsonToken value) throws IOException, Declined {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw DECLINED;
        }
        JsonToken token = next();
        if (token == JsonToken.END_ARRAY) {
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            throw DECLINED;
        }
        hasChoice = true;
        readChoice();
        if (next() != JsonToken.END_ARRAY) {
            throw DECLINED; // a second choice: the records would read (and check) it too
        }
    }

    private void readChoice() throws IOException, Declined {
        int seen = 0;
        JsonToken token;
        while ((token = next()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = next();
            switch (name) {
                case "index" -> {
                    seen = once(seen, INDEX);
                    if (value != JsonToken.VALUE_NULL && (value != JsonToken.VALUE_NUMBER_INT
                            || parser.getNumberType() != JsonParser.NumberType.INT)) {
                        throw DECLINED;
                    }
                }
                case "message" -> {
                    seen = once(seen, MESSAGE);
                    requireNull(value);
                }
                case "delta" -> {
                    seen = once(seen, DELTA);
                    if (value == JsonToken.START_OBJECT) {
                        hasDelta = true;
                        readDelta();
                    } else {
                        requireNull(value);
                    }
                }
                case "finish_reason" -> {
                    seen = once(seen, FINISH_REASON);
                    finishReason = string(value, null);
                }
                case "error" -> {
                    seen = once(seen, ERROR);
                    requireNull(value);
                }
                default -> skip(value);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw DECLINED;
        }
    }

    private void readDelta() throws IOException, Declined {
        int seen = 0;
        JsonToken token;
        while ((token = next()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = next();
            switch (name) {
                case "role" -> {
                    seen = once(seen, ROLE);
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        throw DECLINED;
                    }
                }
                case "content" -> {
                    seen = once(seen, CONTENT);
                    content = string(value, null);
                }
                case "reasoning" -> {
                    seen = once(seen, REASONING);
                    reasoning = string(value, null);
                }
                case "tool_calls" -> {
                    seen = once(seen, TOOL_CALLS);
                    requireNull(value);
                }
                case "reasoning_details" -> {
                    seen = once(seen, REASONING_DETAILS);
                    requireNull(value);
                }
                case "annotations" -> {
                    seen = once(seen, ANNOTATIONS);
                    requireNull(value);
                }
                default -> skip(value);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw DECLINED;
        }
    }

    /** The next token; declines a chunk that ends inside its JSON. */
    private JsonToken next() throws IOException, Declined {
        JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.NOT_AVAILABLE) {
            throw DECLINED;
        }
        return token;
    }

    /** Skips a value; {@code JsonParser.skipChildren} would spin on a non-blocking parser's NOT_AVAILABLE. */
    private void skip(JsonToken value) throws IOException, Declined {
        if (value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken token = next();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            }
        }
    }

    /** A string or {@code null}; {@code known} itself when the text equals it. Other tokens decline. */
    private String string(JsonToken value, String known) throws IOException, Declined {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw DECLINED;
        }
        if (known != null && parser.getTextLength() == known.length()) {
            char[] text = parser.getTextCharacters();
            int start = parser.getTextOffset();
            boolean same = true;
            for (int i = 0; i < known.length() && same; i++) {
                same = text[start + i] == known.charAt(i);
            }
            if (same) {
                return known;
            }
        }
        return parser.getText();
    }

    private static void requireNull(JsonToken value) throws Declined {
        if (value != JsonToken.VALUE_NULL) {
            throw DECLINED;
        }
    }

    private static int once(int seen, int field) throws Declined {
        if ((seen & field) != 0) {
            throw DECLINED;
        }
        return seen | field;
    }
}
