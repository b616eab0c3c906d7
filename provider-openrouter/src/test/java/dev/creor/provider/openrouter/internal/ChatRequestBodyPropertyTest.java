package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.ToolSpec;
import dev.creor.spi.ProviderSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The request body written field by field ({@link ChatRequestMapper#body}) is byte for byte the
 * body the tree of maps ({@link ChatRequestMapper#fields}) gives through Jackson, on generated
 * requests covering every field the mapper writes; and a request the tree refuses is refused
 * with the same error.
 */
class ChatRequestBodyPropertyTest {
    private static final ChatRequestMapper PLAIN = new ChatRequestMapper(OpenRouterSettings.from(
            ProviderSettings.builder("openrouter").build()));
    private static final ChatRequestMapper ROUTED = new ChatRequestMapper(OpenRouterSettings.from(
            ProviderSettings.builder("openrouter").routing(Map.of("order", List.of("Anthropic", "Google"),
                    "allowFallbacks", false, "sort", "price")).build()));
    private static final List<String> TEXTS = List.of("", "Hi", "Weather in Köln?", "quote \" and \\ backslash",
            "line\nbreak\ttab", "control \u0001 char", "emoji 🦀 and 漢字", "</script>", "  spaced  ");
    private static final List<String> MODELS = List.of("openai/gpt-4o-mini", "anthropic/claude-sonnet-4",
            "google/gemini-2.5-pro", "deepseek/deepseek-r1:free");

    @Property(tries = 400)
    void theWrittenBodyIsTheTreesBody(@ForAll("requests") ChatRequest request, @ForAll boolean stream,
                                      @ForAll boolean routed) {
        ChatRequestMapper mapper = routed ? ROUTED : PLAIN;
        Throwable treeFailure = catchThrowable(() -> Json.write(mapper.fields(request, stream)));
        Throwable writtenFailure = catchThrowable(() -> mapper.body(request, stream));
        if (treeFailure != null) {
            assertThat(writtenFailure).isNotNull().hasMessage(treeFailure.getMessage())
                    .hasSameClassAs(treeFailure);
            return;
        }
        assertThat(writtenFailure).isNull();
        assertThat(new String(mapper.body(request, stream), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.write(mapper.fields(request, stream)), StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<ChatRequest> requests() {
        return Arbitraries.randomValue(ChatRequestBodyPropertyTest::request);
    }

    private static ChatRequest request(Random random) {
        ModelRef model = new ModelRef("openrouter", pick(random, MODELS));
        ChatRequest.Builder request = ChatRequest.builder().model(model);
        List<ModelRef> fallbacks = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            fallbacks.add(new ModelRef(random.nextInt(4) == 0 ? "other" : "openrouter", pick(random, MODELS)));
        }
        request.fallbacks(fallbacks.stream().distinct().toList());
        List<ToolSpec> tools = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            tools.add(new ToolSpec("get_weather", pick(random, TEXTS), Map.of("type", "object",
                    "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city"))));
            if (random.nextBoolean()) {
                tools.add(new ToolSpec("now", "", Map.of()));
            }
            request.tools(tools);
        }
        for (int i = 1 + random.nextInt(5); i > 0; i--) {
            request.addMessage(message(random));
        }
        if (random.nextBoolean()) {
            request.temperature(random.nextInt(3) == 0 ? 0.0 : random.nextDouble() * 2);
        }
        if (random.nextInt(3) == 0) {
            request.topP(random.nextBoolean() ? 1.0 : random.nextDouble());
        }
        if (random.nextBoolean()) {
            request.maxTokens(1 + random.nextInt(100_000));
        }
        if (random.nextInt(4) == 0) {
            request.stop(List.of("END", pick(random, TEXTS) + "x"));
        }
        if (random.nextInt(3) == 0) {
            ReasoningOptions.Builder reasoning = ReasoningOptions.builder();
            if (random.nextBoolean()) {
                reasoning.effort(random.nextBoolean() ? "low" : "high");
            } else if (random.nextBoolean()) {
                reasoning.maxTokens(1 + random.nextInt(4000));
            }
            if (random.nextBoolean()) {
                reasoning.exclude(random.nextBoolean());
            }
            if (random.nextBoolean()) {
                reasoning.enabled(random.nextBoolean());
            }
            request.reasoning(reasoning.build());
        }
        if (random.nextInt(4) == 0) {
            request.user(pick(random, TEXTS) + "user");
        }
        if (random.nextInt(4) == 0) {
            request.sessionId("session-" + random.nextInt(100));
        }
        if (random.nextInt(4) == 0) {
            Map<String, Object> routing = new LinkedHashMap<>();
            routing.put("sort", random.nextBoolean() ? "latency" : "throughput");
            if (random.nextBoolean()) {
                routing.put("only", List.of("OpenAI"));
            }
            if (random.nextBoolean()) {
                routing.put("maxPrice", Map.of("prompt", random.nextBoolean() ? 1 : new BigDecimal("0.5")));
            }
            if (random.nextInt(8) == 0) {
                routing.put("sortt", "price");
            }
            request.routing(routing);
        }
        if (random.nextBoolean()) {
            request.caching(random.nextBoolean() ? ChatRequest.Caching.AUTO : ChatRequest.Caching.NONE);
        }
        if (random.nextInt(4) == 0) {
            request.toolChoice(switch (random.nextInt(4)) {
                case 0 -> ChatRequest.ToolChoice.auto();
                case 1 -> ChatRequest.ToolChoice.none();
                case 2 -> ChatRequest.ToolChoice.required();
                default -> ChatRequest.ToolChoice.tool(random.nextBoolean() ? "get_weather" : "missing");
            });
        }
        if (random.nextInt(4) == 0) {
            request.parallelToolCalls(random.nextBoolean());
        }
        if (random.nextInt(4) == 0) {
            request.responseFormat(switch (random.nextInt(3)) {
                case 0 -> ChatRequest.ResponseFormat.text();
                case 1 -> ChatRequest.ResponseFormat.jsonObject();
                default -> ChatRequest.ResponseFormat.jsonSchema("answer", Map.of("type", "object",
                        "properties", Map.of("n", Map.of("type", "integer", "minimum", 1.5))), random.nextBoolean());
            });
        }
        if (random.nextInt(5) == 0) {
            request.preset("my-preset");
        }
        if (random.nextInt(5) == 0) {
            request.plugins(List.of(ChatRequest.Plugin.of("web"),
                    new ChatRequest.Plugin("file-parser", Map.of("pdf", Map.of("engine", "pdf-text"), "max", 3))));
        }
        return request.build();
    }

    private static Message message(Random random) {
        Message message = switch (random.nextInt(9)) {
            case 0 -> Message.system(pick(random, TEXTS));
            case 1, 2 -> Message.user(pick(random, TEXTS));
            case 3 -> Message.assistant(pick(random, TEXTS));
            case 4 -> Message.assistant(random.nextBoolean() ? "" : pick(random, TEXTS),
                    List.of(new ToolCall("call_" + random.nextInt(9), "get_weather", "{\"city\":\"Köln\"}")));
            case 5 -> Message.tool("call_" + random.nextInt(9), pick(random, TEXTS));
            case 6 -> Message.builder(Role.USER).text(pick(random, TEXTS)).text(pick(random, TEXTS))
                    .image(Message.Media.url(URI.create("https://example.com/a.png"))).build();
            case 7 -> Message.builder(Role.ASSISTANT).text(pick(random, TEXTS))
                    .reasoning(new Message.Reasoning("thinking", "", random.nextBoolean() ? List.of()
                            : List.of("{\"type\":\"reasoning.text\",\"text\":\"x\",\"signature\":\"s\"}")))
                    .build();
            default -> Message.builder(Role.USER).text(pick(random, TEXTS)).text(pick(random, TEXTS))
                    .providerMetadata(random.nextBoolean() ? Map.of() : Map.of("annotations", List.of(Map.of("n", 1)),
                            "content", "clash"))
                    .build();
        };
        return random.nextInt(6) == 0 ? message.withCacheBreakpoint(random.nextBoolean()
                ? Message.CacheBreakpoint.FIVE_MINUTES : Message.CacheBreakpoint.ONE_HOUR) : message;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
