package dev.creor.provider.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A provider for a service that speaks OpenAI's chat completions, built from the service's
 * description: chat streamed over SSE (whole answers are the same stream, collected), models
 * from the description or the service's {@code /models} (asked once, then kept).
 */
final class OpenAiCompatibleProvider implements Provider, ChatModel, ModelCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderContext.Kit.OpenAiCompatible service;
    private final ProviderSettings settings;
    private final KitHttp http;
    private final String base;
    private volatile CompletableFuture<List<ModelInfo>> models;

    OpenAiCompatibleProvider(ProviderContext.Kit.OpenAiCompatible service, ProviderSettings settings, KitHttp http) {
        this.service = service;
        this.settings = settings;
        this.http = http;
        String url = service.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Refuses plain {@code http} to a host that is not loopback: the key, the prompts and the
     * answers would cross the network in clear text.
     */
    static void requireSafeTransport(ProviderContext.Kit.OpenAiCompatible service, String providerId) {
        URI url = service.baseUrl();
        if (!url.getScheme().equalsIgnoreCase("http") || isLoopback(url.getHost())) {
            return;
        }
        throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the base URL of provider \"" + providerId + "\" is "
                        + url + ": plain http is allowed only to this machine (localhost, 127.0.0.1, ::1), because"
                        + " prompts, answers and any key would cross the network unencrypted")
                .hint("use https, or reach the server through a tunnel on localhost")
                .build();
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses are judged: a name is never resolved here, so no DNS answer can make it "local".
        if (!bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    @Override
    public ChatModel chatModel() {
        return this;
    }

    @Override
    public ModelCatalog catalog() {
        return this;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        return ProviderContext.Kit.collect(stream(request));
    }

    @Override
    public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        if (!request.model().provider().equals(settings.providerId())) {
            return ChatModel.failedStream(CreorException.of(ErrorCode.INVALID_REQUEST, "model " + request.model()
                    + " belongs to provider \"" + request.model().provider() + "\", not to \""
                    + settings.providerId() + "\""));
        }
        if (request.preset().isPresent() || !request.plugins().isEmpty()) {
            // OpenRouter's presets and plugins: an OpenAI-compatible server has neither, and ignoring them is no answer.
            return ChatModel.failedStream(CreorException.of(ErrorCode.INVALID_REQUEST, "the request asks for "
                    + (request.preset().isPresent() ? "a preset" : "plugins " + request.plugins().stream()
                    .map(ChatRequest.Plugin::id).toList()) + ", which " + request.model()
                    + " (an OpenAI-compatible endpoint) does not offer; OpenRouter's models do"));
        }
        byte[] body;
        try {
            body = OpenAiChatCodec.streamingBody(request);
        } catch (CreorException refused) {
            return ChatModel.failedStream(refused);
        }
        Map<String, String> headers = headers(request.headers(), "text/event-stream");
        headers.put("Content-Type", "application/json");
        ProviderContext.Kit.HttpRequest post = new ProviderContext.Kit.HttpRequest("POST", URI.create(base + "/chat/completions"),
                headers, body, request.model().model());
        return http.stream(post, OpenAiChatCodec.decoder(request.model(), http.errors()));
    }

    @Override
    public CompletionStage<List<ModelInfo>> models() {
        CompletableFuture<List<ModelInfo>> known = models;
        if (known != null && !known.isCompletedExceptionally()) {
            return known.thenApply(list -> list);
        }
        return refresh();
    }

    @Override
    public CompletionStage<List<ModelInfo>> refresh() {
        CompletableFuture<List<ModelInfo>> fetched;
        if (!service.models().isEmpty()) {
            fetched = CompletableFuture.completedFuture(service.models().stream().map(this::model).toList());
        } else {
            ProviderContext.Kit.HttpRequest get = new ProviderContext.Kit.HttpRequest("GET", URI.create(base + "/models"),
                    headers("application/json"), new byte[0], "the model list");
            fetched = http.send(get).thenApply(this::parseModels).toCompletableFuture();
        }
        models = fetched;
        return fetched.thenApply(list -> list);
    }

    private List<ModelInfo> parseModels(ProviderContext.Kit.HttpAnswer answer) {
        if (answer.status() != 200) {
            throw http.errors().fromAnswer(answer.status(), answer.header("retry-after").orElse(null), answer.body(),
                    "the model list");
        }
        List<ModelInfo> found = new ArrayList<>();
        try {
            for (JsonNode model : JSON.readTree(answer.body()).path("data")) {
                String id = model.path("id").asText("");
                if (!id.isBlank()) {
                    found.add(model(id));
                }
            }
        } catch (IOException e) {
            throw http.errors().malformed("the model list", "it is not JSON: " + e.getMessage());
        }
        return List.copyOf(found);
    }

    private ModelInfo model(String id) {
        return ModelInfo.builder(new ModelRef(settings.providerId(), id)).name(id).build();
    }

    private Map<String, String> headers(String accept) {
        return headers(Map.of(), accept);
    }

    /**
     * The configured headers, replaced by the request's of the same name (in any case), then
     * {@code Accept} and the key, which nothing replaces: a request header named like the
     * configured key header does not change the key sent.
     */
    private Map<String, String> headers(Map<String, String> requestHeaders, String accept) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(service.headers());
        headers.putAll(requestHeaders);
        headers.put("Accept", accept);
        Secret key = settings.credential().orElse(null);
        if (key != null && service.authHeader().isPresent()) {
            headers.put(service.authHeader().get(), service.authScheme().map(scheme -> scheme + " ").orElse("")
                    + key.reveal());
        }
        return headers;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + settings.providerId() + ", " + service.baseUrl().toString()
                .toLowerCase(Locale.ROOT) + "]";
    }
}
