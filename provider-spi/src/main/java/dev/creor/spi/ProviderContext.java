package dev.creor.spi;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Scheduler;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.internal.Checks;
import dev.creor.core.internal.chat.ChatResponseCollector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * What the host shares with a provider it creates.
 *
 * <p>A provider must use these instead of making its own: the {@link #scheduler()} and
 * {@link #clock()} for timers and time (so tests can drive time), the {@link #blockingExecutor()}
 * for any work that blocks, the
 * {@link #cacheDirectory()} for files it caches, the {@link #logger()} for diagnostics and
 * {@link #userAgent()} on its HTTP requests.
 *
 * <p>{@link #sharedResource} offers objects of libraries the host happens to use, so a
 * provider built on the same library can share them instead of starting its own: the Creor
 * runtime offers its {@code io.vertx.core.Vertx} instance this way. A plugin that brings its
 * own copy of the library sees a different class and simply gets nothing.
 *
 * <p>{@link #kit()} is the provider kit: HTTP, server-sent events and a whole OpenAI-compatible
 * provider on the host's event loop (since SPI 3).
 */
public final class ProviderContext {
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor blockingExecutor;
    private final Path cacheDirectory;
    private final System.Logger logger;
    private final String userAgent;
    private final Map<Class<?>, Object> sharedResources;
    private final Kit kit;

    private ProviderContext(Builder builder) {
        this.scheduler = Objects.requireNonNull(builder.scheduler, "scheduler is not set");
        this.clock = scheduler.clock();
        this.blockingExecutor = Objects.requireNonNull(builder.blockingExecutor, "blockingExecutor is not set");
        this.cacheDirectory = Objects.requireNonNull(builder.cacheDirectory, "cacheDirectory is not set");
        this.logger = builder.logger;
        this.userAgent = builder.userAgent;
        this.sharedResources = Map.copyOf(builder.sharedResources);
        this.kit = builder.kit;
    }

    /** Starts a context with the given scheduler, executor and cache directory. */
    public static Builder builder(Scheduler scheduler, Executor blockingExecutor, Path cacheDirectory) {
        return new Builder().scheduler(scheduler).blockingExecutor(blockingExecutor).cacheDirectory(cacheDirectory);
    }

    /** The clock, the same as the scheduler's. */
    public Clock clock() {
        return clock;
    }

    /**
     * Timers: for back-off, cache expiry and time limits.
     *
     * <p>A provider built on an event-loop library may instead drive the time limits of each
     * request (connect, idle, total) with that library's own timers on the request's own event
     * loop: those are armed and cancelled per chunk, and a hop to the scheduler's thread for each
     * would cost more than the work it guards. Such timers must still honour the durations the
     * host configured in {@link ProviderSettings}, and read time through {@link #clock()}.
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Where to run work that blocks, such as file I/O; never block any other thread. */
    public Executor blockingExecutor() {
        return blockingExecutor;
    }

    /** A directory reserved for this provider's cache files; it may not exist yet. */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** The logger to report through. Never log a credential, a prompt or an answer at INFO. */
    public System.Logger logger() {
        return logger;
    }

    /** The {@code User-Agent} to send, e.g. {@code creor/0.1.0}. */
    public String userAgent() {
        return userAgent;
    }

    /** An object of the given type that the host shares, if it has one. */
    public <T> Optional<T> sharedResource(Class<T> type) {
        Objects.requireNonNull(type, "type is null");
        return Optional.ofNullable(sharedResources.get(type)).map(type::cast);
    }

    /**
     * The provider kit the host offers: an HTTP client under the configured time limits,
     * server-sent events as a demand-driven {@code Flow.Publisher}, and a complete provider for
     * OpenAI-compatible services. The Creor runtime and the testkit's contract suite always set it.
     *
     * @throws CreorException with {@code USAGE} when the host that built this context offers none
     */
    public Kit kit() {
        if (kit == null) {
            throw CreorException.builder(ErrorCode.USAGE, "this ProviderContext has no provider kit")
                    .hint("build the context with ProviderContext.Builder.kit(...); the Creor runtime and the"
                            + " testkit's ProviderContractTest do")
                    .build();
        }
        return kit;
    }

    /**
     * What the host gives a provider so that the provider is short: an HTTP client under the
     * configured time limits, server-sent events decoded under demand into a cold
     * {@code Flow.Publisher<ChatEvent>}, error mapping, and a complete provider for any service that
     * speaks OpenAI's chat-completions API. Reached with {@link ProviderContext#kit()}.
     *
     * <p>The host implements it on what it already runs (the Creor runtime's one Vert.x instance), so
     * a provider built on the kit bundles no HTTP or JSON library and starts no thread of its own;
     * closing the provider closes its pooled connections. Like the rest of the SPI, the kit is loaded
     * by the host's class loader and shared with every plugin.
     *
     * <p>An OpenAI-compatible service only configures the kit:
     *
     * <pre>{@code
     * public Provider create(ProviderSettings settings, ProviderContext context) {
     *     URI baseUrl = URI.create(settings.stringOption("baseURL").orElse("https://api.acme.example/v1"));
     *     return context.kit().openAiCompatible(ProviderContext.Kit.OpenAiCompatible.builder("Acme", baseUrl).build(), settings);
     * }
     * }</pre>
     */
    public interface Kit {

        /**
         * A complete provider for a service that speaks OpenAI's {@code /chat/completions} (streamed
         * with SSE) and {@code /models}: text, tool calls, reasoning where the server sends it
         * ({@code reasoning_content} or {@code reasoning}), usage, and errors mapped to
         * {@link ErrorCode}s. Requests carry the credential of {@code settings} (when there is one) in
         * the service's auth header, and the settings' time limits apply.
         *
         * @throws CreorException with {@code CONFIG_INVALID} when the base URL is unusable, e.g. plain
         *                        {@code http} to a host that is not loopback
         */
        Provider openAiCompatible(OpenAiCompatible service, ProviderSettings settings);

        /**
         * An HTTP client for a service that speaks something else, under the time limits of
         * {@code settings}. Close it in the provider's {@link Provider#close()}.
         *
         * @param serviceName the service's name for messages, e.g. {@code Acme}
         */
        Http http(String serviceName, ProviderSettings settings);

        /**
         * The {@link ErrorCode} an HTTP error status means for a chat or model-list request:
         * 401 {@code AUTH_INVALID}, 402 {@code INSUFFICIENT_CREDITS}, 403 {@code MODERATION},
         * 404 {@code MODEL_NOT_FOUND}, 408 {@code TIMEOUT}, 413 and 422 {@code CONTEXT_TOO_LONG},
         * 429 {@code RATE_LIMITED}, other 4xx {@code INVALID_REQUEST}, anything else
         * {@code PROVIDER_UNAVAILABLE}.
         */
        static ErrorCode errorCode(int status) {
            return switch (status) {
                case 401 -> ErrorCode.AUTH_INVALID;
                case 402 -> ErrorCode.INSUFFICIENT_CREDITS;
                case 403 -> ErrorCode.MODERATION;
                case 404 -> ErrorCode.MODEL_NOT_FOUND;
                case 408 -> ErrorCode.TIMEOUT;
                case 413, 422 -> ErrorCode.CONTEXT_TOO_LONG;
                case 429 -> ErrorCode.RATE_LIMITED;
                default -> status >= 400 && status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.PROVIDER_UNAVAILABLE;
            };
        }

        /**
         * A cold, single-subscriber stream of events known in advance, for a provider that computes
         * its answer rather than reading it from the network: the events go out as they are
         * requested, on the requesting thread, with {@code pace} between text deltas (on the
         * scheduler's thread; {@link Duration#ZERO} for none). It starts no thread and holds nothing
         * that needs closing.
         *
         * @param events the deltas, then exactly one {@link ChatEvent.Completed} or {@link ChatEvent.Failed}
         * @throws IllegalArgumentException when {@code events} does not end with exactly one terminal event
         */
        static Flow.Publisher<ChatEvent> eventStream(List<ChatEvent> events, Duration pace, Scheduler scheduler) {
            Objects.requireNonNull(events, "events is null");
            Objects.requireNonNull(pace, "pace is null");
            Objects.requireNonNull(scheduler, "scheduler is null");
            long terminal = events.stream()
                    .filter(event -> event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed).count();
            if (events.isEmpty() || terminal != 1 || !(events.get(events.size() - 1) instanceof ChatEvent.Completed
                    || events.get(events.size() - 1) instanceof ChatEvent.Failed)) {
                throw new IllegalArgumentException("the events must end with exactly one Completed or Failed, and have no"
                        + " other; got " + events.size() + " events with " + terminal + " terminal");
            }
            if (pace.isNegative()) {
                throw new IllegalArgumentException("pace must not be negative: " + pace);
            }
            return new PacedEvents(events, pace, scheduler);
        }

        /**
         * The whole answer a stream delivers, for a provider whose {@code chat} is its {@code stream}
         * collected: the text, reasoning and tool calls put together, completing with the
         * {@link ChatEvent.Completed} metadata, or exceptionally with the {@link ChatEvent.Failed}
         * error.
         */
        static CompletionStage<ChatResponse> collect(Flow.Publisher<ChatEvent> stream) {
            return ChatResponseCollector.collect(Objects.requireNonNull(stream, "stream is null"));
        }

        /**
         * The wait an HTTP {@code Retry-After} header asks for: delta-seconds or an HTTP-date (read
         * against {@code clock}; a past date means no wait), capped at one day. Empty when the header
         * is absent or unreadable: it is advice, not an error.
         *
         * @param header the header's value, or {@code null} when the answer had none
         */
        static Optional<Duration> retryAfter(String header, Clock clock) {
            return RetryAfterHeader.parse(header, Objects.requireNonNull(clock, "clock is null"));
        }

        /**
         * The refusal a provider that reads text only owes a request holding an image or a file:
         * {@code INVALID_REQUEST} naming the first such part and the message it is in, so that the
         * caller learns the model never saw it instead of getting an answer about the text alone.
         * Empty when every part is text, a tool call or a tool result.
         *
         * @param providerName how the message names the provider, e.g. {@code the echo provider}
         */
        static Optional<CreorException> refuseMedia(ChatRequest request, String providerName) {
            Objects.requireNonNull(providerName, "providerName is null");
            List<Message> messages = request.messages();
            for (int i = 0; i < messages.size(); i++) {
                for (Message.Part part : messages.get(i).parts()) {
                    String kind = part instanceof Message.Part.Image ? "image" : part instanceof Message.Part.File ? "file" : null;
                    if (kind != null) {
                        return Optional.of(CreorException.builder(ErrorCode.INVALID_REQUEST, "message " + (i + 1)
                                        + " holds " + (kind.equals("image") ? "an image" : "a file") + " part, and "
                                        + providerName + " reads text only")
                                .hint("send the text alone, or ask a model that reads " + kind + "s").build());
                    }
                }
            }
            return Optional.empty();
        }

        /**
         * Text a service sent back (an error message may quote the request's key) with every
         * occurrence of the key replaced by its masked form ({@link Secret#masked()}); the rest of
         * the text stays as it was, so the message remains useful.
         */
        static String maskKey(String text, Secret key) {
            Objects.requireNonNull(text, "text is null");
            Objects.requireNonNull(key, "key is null");
            String revealed = key.reveal();
            return revealed.isEmpty() ? text : text.replace(revealed, key.masked());
        }

        /**
         * A service that speaks OpenAI's chat-completions API, as {@link #openAiCompatible} needs it
         * described: where it is, how it takes a key, extra headers, and where its models come from.
         */
        final class OpenAiCompatible {
            private final String displayName;
            private final URI baseUrl;
            private final String authHeader;
            private final String authScheme;
            private final Map<String, String> headers;
            private final List<String> models;

            private OpenAiCompatible(Builder builder) {
                this.displayName = builder.displayName;
                this.baseUrl = builder.baseUrl;
                this.authHeader = builder.authHeader;
                this.authScheme = builder.authScheme;
                this.headers = Map.copyOf(builder.headers);
                this.models = List.copyOf(builder.models);
            }

            /**
             * Starts a description of the service with this name (for messages) and base URL, the
             * URL that {@code /chat/completions} and {@code /models} are appended to, e.g.
             * {@code http://127.0.0.1:11434/v1}.
             */
            public static Builder builder(String displayName, URI baseUrl) {
                return new Builder(displayName, baseUrl);
            }

            /** The service's name, for messages. */
            public String displayName() {
                return displayName;
            }

            /** The base URL the endpoints are appended to. */
            public URI baseUrl() {
                return baseUrl;
            }

            /** The header that carries the key, {@code Authorization} unless set; empty for a service that takes none. */
            public Optional<String> authHeader() {
                return Optional.ofNullable(authHeader);
            }

            /** What precedes the key in {@link #authHeader()}, {@code Bearer} unless set; empty for the bare key. */
            public Optional<String> authScheme() {
                return Optional.ofNullable(authScheme);
            }

            /** Headers every request carries, besides the auth header. */
            public Map<String, String> headers() {
                return headers;
            }

            /** The models to offer; empty to ask the service's {@code /models}. */
            public List<String> models() {
                return models;
            }

            /** The name and base URL; never a header's value, which may hold a secret. */
            @Override
            public String toString() {
                return "OpenAiCompatible[" + displayName + ", " + baseUrl + ", headers=" + headers.keySet() + "]";
            }

            /** Builds an {@link OpenAiCompatible}. */
            public static final class Builder {
                private final String displayName;
                private final URI baseUrl;
                private String authHeader = "Authorization";
                private String authScheme = "Bearer";
                private final Map<String, String> headers = new LinkedHashMap<>();
                private final List<String> models = new ArrayList<>();

                private Builder(String displayName, URI baseUrl) {
                    this.displayName = Checks.requireText(displayName, "displayName");
                    Objects.requireNonNull(baseUrl, "baseUrl is null");
                    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
                    if (!baseUrl.isAbsolute() || baseUrl.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                        throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the base URL of " + displayName + " is \""
                                        + baseUrl + "\"; it must be an absolute http(s) URL such as http://127.0.0.1:11434/v1")
                                .build();
                    }
                    this.baseUrl = baseUrl;
                }

                /** The key goes in this header after this scheme, e.g. {@code ("x-api-key", "")} for the bare key. */
                public Builder auth(String header, String scheme) {
                    this.authHeader = Checks.requireText(header, "header");
                    Objects.requireNonNull(scheme, "scheme is null");
                    this.authScheme = scheme.isBlank() ? null : scheme.strip();
                    return this;
                }

                /** The service takes no key: none is sent even when one is configured. */
                public Builder noAuth() {
                    this.authHeader = null;
                    this.authScheme = null;
                    return this;
                }

                /** A header every request carries. */
                public Builder header(String name, String value) {
                    headers.put(Checks.requireText(name, "name"), Objects.requireNonNull(value, "value is null"));
                    return this;
                }

                /** Headers every request carries. */
                public Builder headers(Map<String, String> headers) {
                    Objects.requireNonNull(headers, "headers is null").forEach(this::header);
                    return this;
                }

                /** The models to offer, instead of asking the service's {@code /models}. */
                public Builder models(List<String> models) {
                    for (String model : Objects.requireNonNull(models, "models is null")) {
                        this.models.add(Checks.requireText(model, "model"));
                    }
                    return this;
                }

                /** Creates the description. */
                public OpenAiCompatible build() {
                    return new OpenAiCompatible(this);
                }
            }
        }

        /**
         * An HTTP client under the provider's time limits (connect, silence before and between
         * chunks, total), on the host's event loop. Every request carries the host's
         * {@code User-Agent}; redirects are not followed.
         */
        interface Http extends AutoCloseable {
            /**
             * Sends a request and reads its whole answer, whatever its status. Completes
             * exceptionally with a {@link CreorException} for time limits and broken connections
             * ({@code TIMEOUT}, {@code PROVIDER_UNAVAILABLE}); cancelling the stage aborts the request.
             */
            CompletionStage<HttpAnswer> send(HttpRequest request);

            /**
             * A cold, single-subscriber stream of the events {@code decoder} makes of the request's
             * {@code text/event-stream} answer. Nothing is sent before the first {@code request(n)};
             * the body is read only while the subscriber has demand, so back-pressure reaches the
             * server; cancelling closes the connection. An error status, or an answer that is not an
             * event stream, ends the stream with {@link ChatEvent.Failed} (mapped with
             * {@link #errorCode}, the body's {@code error.message} quoted with the key masked, and
             * {@code Retry-After} honoured). The stream always ends with exactly one
             * {@link ChatEvent.Completed} or {@link ChatEvent.Failed}.
             */
            Flow.Publisher<ChatEvent> stream(HttpRequest request, StreamDecoder decoder);

            /** Closes the pooled connections; must not throw and may be called twice. */
            @Override
            void close();
        }

        /**
         * One HTTP request.
         *
         * @param method  {@code GET} or {@code POST}
         * @param uri     the absolute URL
         * @param headers the headers, besides {@code User-Agent}
         * @param body    the body, empty for none
         * @param what    what is asked, for messages, e.g. the model id
         */
        record HttpRequest(String method, URI uri, Map<String, String> headers, byte[] body, String what) {
            /** Validates and copies. */
            public HttpRequest {
                Checks.requireText(method, "method");
                Objects.requireNonNull(uri, "uri is null");
                headers = Map.copyOf(Objects.requireNonNull(headers, "headers is null"));
                body = Objects.requireNonNull(body, "body is null").clone();
                Checks.requireText(what, "what");
            }

            /** The body; a copy. */
            @Override
            public byte[] body() {
                return body.clone();
            }

            /** The method, URL and header names; never a header's value, which may hold the key. */
            @Override
            public String toString() {
                return "HttpRequest[" + method + " " + uri + ", headers=" + headers.keySet() + ", " + body.length
                        + " bytes, for " + what + "]";
            }
        }

        /**
         * A whole HTTP answer.
         *
         * @param status  the status code
         * @param headers the headers, names in lower case
         * @param body    the body
         */
        record HttpAnswer(int status, Map<String, String> headers, byte[] body) {
            /** Validates and copies. */
            public HttpAnswer {
                headers = Map.copyOf(Objects.requireNonNull(headers, "headers is null"));
                body = Objects.requireNonNull(body, "body is null").clone();
            }

            /** The body; a copy. */
            @Override
            public byte[] body() {
                return body.clone();
            }

            /** One header, by case-insensitive name. */
            public Optional<String> header(String name) {
                return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
            }

            /** The status and size, not the body, which may quote a prompt. */
            @Override
            public String toString() {
                return "HttpAnswer[" + status + ", " + body.length + " bytes]";
            }
        }

        /**
         * Turns the events of one server-sent-events stream into {@link ChatEvent}s; one instance per
         * stream, called on one thread at a time.
         */
        interface StreamDecoder {
            /**
             * One event's data (the {@code data:} lines joined). Hand the events it means to
             * {@code events}; a {@link ChatEvent.Completed} or {@link ChatEvent.Failed} ends the stream.
             * Throw a {@link CreorException} (e.g. {@code MALFORMED_RESPONSE}) to fail it.
             */
            void onEvent(String data, Consumer<ChatEvent> events);

            /**
             * The body ended; end the stream if the last event did not. A stream that has no
             * terminal event after this fails with {@code STREAM_INTERRUPTED}.
             */
            default void onEnd(Consumer<ChatEvent> events) {
            }
        }
    }

    /** Builds a {@link ProviderContext}. */
    public static final class Builder {
        private Scheduler scheduler;
        private Executor blockingExecutor;
        private Path cacheDirectory;
        private System.Logger logger = System.getLogger("dev.creor.provider");
        private String userAgent = "creor";
        private final Map<Class<?>, Object> sharedResources = new LinkedHashMap<>();
        private Kit kit;

        private Builder() {
        }

        /** Timers. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler is null");
            return this;
        }

        /** Where blocking work runs. */
        public Builder blockingExecutor(Executor blockingExecutor) {
            this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor is null");
            return this;
        }

        /** The provider's cache directory. */
        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory is null");
            return this;
        }

        /** The logger; {@code dev.creor.provider} unless set. */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger is null");
            return this;
        }

        /** The {@code User-Agent}; {@code creor} unless set. */
        public Builder userAgent(String userAgent) {
            this.userAgent = Checks.requireText(userAgent, "userAgent");
            return this;
        }

        /** Shares an object under its type. */
        public <T> Builder sharedResource(Class<T> type, T resource) {
            Objects.requireNonNull(type, "type is null");
            sharedResources.put(type, type.cast(Objects.requireNonNull(resource, "resource is null")));
            return this;
        }

        /** The provider kit the host offers. */
        public Builder kit(Kit kit) {
            this.kit = Objects.requireNonNull(kit, "kit is null");
            return this;
        }

        /** Creates the context. */
        public ProviderContext build() {
            return new ProviderContext(this);
        }
    }
}
