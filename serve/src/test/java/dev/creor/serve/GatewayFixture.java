package dev.creor.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.runtime.Creor;
import dev.creor.testkit.OpenAiCompatibleDouble;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * A gateway on a free loopback port in front of a runtime whose OpenRouter provider is the
 * sandbox, with two whitelisted models, and an HTTP client to talk to it.
 */
final class GatewayFixture implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final String MODEL = "openrouter/openai/gpt-5-mini";
    static final String OTHER_MODEL = "openrouter/anthropic/claude-haiku-4.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    final OpenRouterSandbox sandbox;
    /** The OpenAI-compatible server behind provider {@code local}, when the fixture has one. */
    final Optional<OpenAiCompatibleDouble> local;
    final Creor creor;
    final CreorGateway gateway;
    final URI base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    GatewayFixture(Path home) {
        this(home, builder -> builder);
    }

    GatewayFixture(Path home, UnaryOperator<CreorGateway.Builder> settings) {
        this(home, Optional.empty(), "", settings);
    }

    /**
     * @param local       an OpenAI-compatible server to serve as provider {@code local} too
     * @param moreConfig  top-level config members after {@code model} and {@code provider}, such as
     *                    {@code , "agent": {...}}
     */
    private GatewayFixture(Path home, Optional<OpenAiCompatibleDouble> local, String moreConfig,
                           UnaryOperator<CreorGateway.Builder> settings) {
        sandbox = OpenRouterSandbox.start();
        this.local = local;
        String localSection = local.map(server -> ", \"local\": {\"type\": \"openai-compatible\", \"options\":"
                + " {\"baseURL\": \"" + server.baseUrl() + "\"}, \"retry\": {\"maxAttempts\": 1}}").orElse("");
        creor = Creor.builder().workingDirectory(home).homeDirectory(home)
                .environment(Map.of("OPENROUTER_API_KEY", sandbox.apiKey().reveal()))
                .config("{\"model\": \"" + MODEL + "\", \"provider\": {\"openrouter\": {\"options\": {\"baseURL\": \""
                        + sandbox.baseUrl() + "\"}, \"whitelist\": [\"openai/gpt-5-mini\", \"anthropic/claude-haiku-4.5\"]"
                        + ", \"retry\": {\"maxAttempts\": 1}}" + localSection + "}" + moreConfig + "}")
                .build();
        gateway = settings.apply(CreorGateway.builder(creor, GatewayToken.chosen(TOKEN)).port(0)).build();
        base = gateway.start();
    }

    /** A gateway whose runtime also serves the OpenAI-compatible double as provider {@code local}. */
    static GatewayFixture withOpenAiCompatibleEndpoint(Path home) {
        return new GatewayFixture(home, Optional.of(OpenAiCompatibleDouble.start()), "", builder -> builder);
    }

    /** A gateway whose config has these top-level members too, e.g. {@code , "agent": {...}}. */
    static GatewayFixture withConfig(Path home, String moreConfig) {
        return new GatewayFixture(home, Optional.empty(), moreConfig, builder -> builder);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base.toString().replaceFirst("/v1$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN);
    }

    HttpRequest.Builder post(String path, String json) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    static String chat(String model, boolean stream) {
        return "{\"model\": \"" + model + "\", \"stream\": " + stream
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}]}";
    }

    @Override
    public void close() {
        gateway.close();
        creor.close();
        sandbox.close();
        local.ifPresent(OpenAiCompatibleDouble::close);
    }

    /**
     * Waits until the gateway has no answer under way. It counts an answer as over once it has
     * finished with the client, which happens after the upstream request is cancelled and its
     * connection closed: asserting right after the sandbox's connections close would race.
     */
    void awaitGatewayIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (gateway.inFlightRequests() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gateway still has " + gateway.inFlightRequests()
                        + " answers under way after " + timeout);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
