package dev.creor.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small stand-in for an OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp's
 * server...) on loopback, for tests: {@code GET /models} and streamed {@code POST /chat/completions}.
 * What it answers is chosen by the model id of the request:
 *
 * <ul>
 *   <li>any model not listed below: the last user message streamed back word by word, then
 *       {@code finish_reason: stop}, a usage chunk and {@code [DONE]};
 *   <li>{@code long}: {@value #LONG_STREAM_WORDS} words;
 *   <li>{@code thinker}: {@code reasoning_content} deltas before the answer, as reasoning servers send;
 *   <li>{@code tools}: one tool call, {@code get_weather} with {@code {"city":"Oslo"}}, in pieces;
 *   <li>{@code rate-limited-N}: HTTP 429 with {@code Retry-After: N}; {@code rate-limited}: 429 without it;
 *   <li>{@code unavailable}: HTTP 503.
 * </ul>
 *
 * <p>When built {@link #requiringKey with a key}, a request without {@code Authorization: Bearer}
 * and that key is answered 401, with a message that quotes the key it got, as some servers do.
 * The requests' headers and the last chat request's body are kept for assertions
 * ({@link #lastHeaders()}, {@link #lastChatBody()}).
 */
public final class OpenAiCompatibleDouble implements AutoCloseable {
    /** The words of the {@code long} model's answer. */
    public static final int LONG_STREAM_WORDS = 200;
    /** The models {@code GET /models} lists. */
    public static final List<String> MODELS = List.of("echo", "long", "thinker", "tools");

    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern CONTENT = Pattern.compile("\"content\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String key;
    private final AtomicReference<Map<String, List<String>>> lastHeaders = new AtomicReference<>(Map.of());
    private final AtomicInteger chatRequests = new AtomicInteger();
    private final AtomicReference<String> lastChatBody = new AtomicReference<>("");

    private OpenAiCompatibleDouble(String key) {
        this.key = key;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAI-compatible double could not listen on loopback", e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "creor-testkit-openai-double-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
    }

    /** Starts a double that takes any key, or none. */
    public static OpenAiCompatibleDouble start() {
        return new OpenAiCompatibleDouble(null);
    }

    /** Starts a double that answers 401 unless a request carries {@code Authorization: Bearer <key>}. */
    public static OpenAiCompatibleDouble requiringKey(String key) {
        return new OpenAiCompatibleDouble(key);
    }

    /** The base URL to configure, e.g. {@code http://127.0.0.1:41234/v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** The headers of the last request, names as the server saw them. */
    public Map<String, List<String>> lastHeaders() {
        return lastHeaders.get();
    }

    /** One header of the last request, by case-insensitive name. */
    public Optional<String> lastHeader(String name) {
        return lastHeaders.get().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> entry.getValue().get(0)).findFirst();
    }

    /** The body of the last chat request, as it arrived; empty before the first. */
    public String lastChatBody() {
        return lastChatBody.get();
    }

    /** How many chat requests it received. */
    public int chatRequests() {
        return chatRequests.get();
    }

    /** Stops listening; connections still open are closed. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean authorised(HttpExchange exchange) throws IOException {
        lastHeaders.set(Map.copyOf(exchange.getRequestHeaders()));
        if (key == null) {
            return true;
        }
        String given = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        if (given.equals("Bearer " + key)) {
            return true;
        }
        String quoted = given.startsWith("Bearer ") ? given.substring("Bearer ".length()) : given;
        whole(exchange, 401, Map.of(), "{\"error\":{\"message\":\"Incorrect API key provided: " + quoted
                + ". Check the key and try again.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
        return false;
    }

    private void models(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!authorised(exchange)) {
                return;
            }
            StringBuilder data = new StringBuilder();
            for (String model : MODELS) {
                data.append(data.length() == 0 ? "" : ",").append("{\"id\":\"").append(model)
                        .append("\",\"object\":\"model\",\"owned_by\":\"double\"}");
            }
            whole(exchange, 200, Map.of(), "{\"object\":\"list\",\"data\":[" + data + "]}");
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            chatRequests.incrementAndGet();
            lastChatBody.set(body);
            if (!authorised(exchange)) {
                return;
            }
            String model = first(MODEL, body).orElse("");
            if (model.startsWith("rate-limited")) {
                String seconds = model.substring("rate-limited".length());
                whole(exchange, 429, seconds.startsWith("-") ? Map.of("Retry-After", seconds.substring(1)) : Map.of(),
                        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_exceeded\"}}");
                return;
            }
            if (model.equals("unavailable")) {
                whole(exchange, 503, Map.of(), "{\"error\":{\"message\":\"The server is overloaded\"}}");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            switch (model) {
                case "long" -> {
                    for (int i = 0; i < LONG_STREAM_WORDS; i++) {
                        delta(out, model, "content", "w" + i + " ");
                    }
                }
                case "thinker" -> {
                    delta(out, model, "reasoning_content", "Thinking ");
                    delta(out, model, "reasoning_content", "hard.");
                    delta(out, model, "content", "42");
                }
                case "tools" -> {
                    event(out, chunk(model, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null));
                    event(out, chunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}",
                            null));
                    event(out, chunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}",
                            null));
                    finish(out, model, "tool_calls");
                    return;
                }
                default -> {
                    String prompt = lastContent(body);
                    for (String word : prompt.split("(?<= )")) {
                        if (!word.isEmpty()) {
                            delta(out, model, "content", word);
                        }
                    }
                }
            }
            finish(out, model, "stop");
        } catch (IOException clientWentAway) {
            // the client cancelled the stream: nothing more to write
        }
    }

    private static void finish(OutputStream out, String model, String reason) throws IOException {
        event(out, chunk(model, "{}", reason));
        event(out, "{\"id\":\"chatcmpl-double\",\"model\":\"" + model + "\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}");
        event(out, "[DONE]");
    }

    private static void delta(OutputStream out, String model, String field, String text) throws IOException {
        event(out, chunk(model, "{\"" + field + "\":\"" + escape(text) + "\"}", null));
    }

    private static String chunk(String model, String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-double\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void whole(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Optional<String> first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static String lastContent(String body) {
        Matcher matcher = CONTENT.matcher(body);
        String last = "";
        while (matcher.find()) {
            last = matcher.group(1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
        }
        return last;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
