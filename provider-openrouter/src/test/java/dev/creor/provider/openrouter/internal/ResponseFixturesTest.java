package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.Usage;
import dev.creor.provider.openrouter.sandbox.SdkConformance;
import dev.creor.spi.KeyInfo;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter reads answers that carry every field OpenRouter's official response schemas define,
 * without failing and without losing what the domain can hold. The fixtures in {@code fixtures/}
 * are built from the SDK's types ({@code node conformance.mjs skeleton SCHEMA} prints one); the
 * SDK itself checks that they conform and that together they contain every field of each schema.
 *
 * <p>What the domain has no place for today, and the adapter therefore drops (issue 16 adds the
 * first group):
 * <ul>
 *   <li>chat answers and chunks: {@code reasoning_details} (every variant, signatures and encrypted
 *       data included), content parts other than text (images, files, audio, video) and their
 *       {@code cache_control}/{@code prompt_cache_breakpoint}, {@code images}, {@code audio},
 *       {@code refusal}, {@code name}, {@code message.model}, {@code logprobs};
 *       {@code usage.cost_details}, {@code usage.is_byok},
 *       {@code prompt_tokens_details.cache_write_tokens}/{@code audio_tokens}/{@code video_tokens},
 *       {@code completion_tokens_details.audio_tokens}/prediction tokens,
 *       {@code server_tool_use_details}; {@code system_fingerprint}, {@code service_tier},
 *       {@code created}, {@code openrouter_metadata} (attempts, endpoints, strategy, pipeline,
 *       region); a mid-stream error's {@code metadata.provider_code};</li>
 *   <li>models: {@code canonical_slug}, {@code hugging_face_id}, {@code created}, the tokenizer and
 *       instruct type, every price but prompt and completion (request, image, audio, web search,
 *       reasoning, cache read/write, {@code discount}, time-of-day {@code overrides}),
 *       {@code top_provider.is_moderated}, {@code per_request_limits}, {@code default_parameters},
 *       {@code supported_voices}, {@code knowledge_cutoff}, {@code expiration_date}, {@code links},
 *       {@code alias_target}, the model's {@code reasoning} capabilities, {@code benchmarks};</li>
 *   <li>{@code /key}: BYOK usage and {@code include_byok_in_limit}, {@code is_provisioning_key},
 *       {@code is_management_key}, {@code rate_limit}, {@code free_model_daily_requests},
 *       {@code creator_user_id}, {@code organization_id}, {@code workspace_id},
 *       {@code allowed_data_regions}.</li>
 * </ul>
 * The adapter does not read {@code /generation}, so it has no fixture here; the sandbox's
 * answer to it is checked by {@code SandboxConformanceTest}.
 */
class ResponseFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelRef SONNET = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
    private static final OpenRouterErrors ERRORS = new OpenRouterErrors("openrouter",
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), Secret.of("sk-or-v1-" + "0".repeat(64)));
    /** A BYOK answer: OpenRouter's fee plus what the upstream charged the user's key. */
    private static final Usage FULL_USAGE = new Usage(1200, 340, 200, 1024, new BigDecimal("0.017406"))
            .withCacheWrites(128, null).withByok(new BigDecimal("0.0087"));

    @TempDir
    Path temporary;

    @Test
    void theFixturesConformToTheSdksSchemasAndContainEveryFieldTheyDefine() throws Exception {
        SdkConformance.Result result = SdkConformance.run("fixtures", fixtures().toString());

        assertThat(result.mismatches()).as(result.output()).isEmpty();
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /** The coverage check can fail: a fixture set without one of the schema's fields is reported. */
    @Test
    void aFieldNoFixtureContainsIsReported() throws Exception {
        Path copy = Files.createDirectories(temporary.resolve("fixtures"));
        try (Stream<Path> files = Files.list(fixtures())) {
            for (Path file : files.toList()) {
                JsonNode fixture = JSON.readTree(file.toFile());
                if (fixture.path("body").path("usage").path("prompt_tokens_details").isObject()) {
                    ((ObjectNode) fixture.path("body").path("usage").path("prompt_tokens_details")).remove("cache_write_tokens");
                }
                JSON.writeValue(copy.resolve(file.getFileName()).toFile(), fixture);
            }
        }

        SdkConformance.Result result = SdkConformance.run("fixtures", copy.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.mismatches()).as(result.output()).containsExactlyInAnyOrder(
                "MISMATCH fixtures for ChatResult: usage.prompt_tokens_details.cache_write_tokens is a field of the schema that no fixture contains",
                "MISMATCH fixtures for ChatStreamChunk: usage.prompt_tokens_details.cache_write_tokens is a field of the schema that no fixture contains");
    }

    @Test
    void aWholeAnswerWithEveryFieldKeepsTextReasoningToolCallsUsageAndCost() throws Exception {
        ChatResponse response = new ChatResponseMapper(ERRORS).map(body("chat-result-full.json"), 200, SONNET);

        assertThat(response.text()).isEqualTo("It is sunny in Zürich ☀️, 24 °C. Enjoy!");
        assertThat(response.reasoning()).isEqualTo("The user wants the weather in Zürich.");
        assertThat(response.toolCalls()).containsExactly(new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Zürich\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.servedModel()).isEqualTo(SONNET);
        assertThat(response.metadata().generationId()).hasValue("gen-1760000000-AbCdEfGhIjKlMnOpQrSt");
        assertThat(response.usage()).isEqualTo(FULL_USAGE);
        Message.Reasoning reasoning = response.message().reasoning().orElseThrow();
        assertThat(reasoning.summary()).isEqualTo("Looked up the weather.");
        assertThat(reasoning.details()).hasSize(4);
        assertThat(reasoning.details().get(0)).isEqualTo("{\"type\":\"reasoning.text\",\"text\":\"The user wants the"
                + " weather in Zürich.\",\"signature\":\"EqQBCkgIBxABGAIiQJ7sig==\",\"id\":\"rs_1\","
                + "\"format\":\"anthropic-claude-v1\",\"index\":0}");
    }

    @Test
    void streamedChunksWithEveryFieldGiveEveryDeltaAndTheUsage() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(SONNET, ERRORS);
        List<ChatEvent> events = new ArrayList<>();
        assembler.onData(text("chunk-content.json"), events::add);
        assembler.onData(text("chunk-usage.json"), events::add);
        assembler.onData("[DONE]", events::add);

        List<ChatEvent> details = events.stream().filter(ChatEvent.ReasoningDetail.class::isInstance).toList();
        assertThat(details).extracting(event -> ((ChatEvent.ReasoningDetail) event).index()).containsExactly(0, 1, 2, 3);
        assertThat(((ChatEvent.ReasoningDetail) details.get(2)).json()).isEqualTo("{\"type\":\"reasoning.encrypted\","
                + "\"data\":\"gAAAAABoZ3sbx_encrypted_blob==\",\"id\":\"rs_3\",\"format\":\"google-gemini-v1\",\"index\":2}");
        events.removeAll(details);
        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isEqualTo(new ChatEvent.ReasoningDelta("Checking the forecast."));
        assertThat(events.get(1)).isEqualTo(new ChatEvent.TextDelta("It is sunny ☀️"));
        assertThat(events.get(2)).isEqualTo(new ChatEvent.ToolCallDelta(0, "toolu_01A", "get_weather", "{\"city\":"));
        assertThat(events.get(3)).isInstanceOfSatisfying(ChatEvent.Completed.class, completed -> {
            assertThat(completed.metadata().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(completed.metadata().usage()).isEqualTo(FULL_USAGE);
            assertThat(completed.metadata().servedModel()).isEqualTo(ModelRef.parse("openrouter/google/gemini-2.5-pro"));
            assertThat(completed.metadata().generationId()).hasValue("gen-1760000000-AbCdEfGhIjKlMnOpQrSt");
        });
    }

    @Test
    void anErrorChunkWithEveryFieldFailsTheStream() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(SONNET, ERRORS);
        List<ChatEvent> events = new ArrayList<>();
        assembler.onData(text("chunk-error.json"), events::add);

        assertThat(events).singleElement().isInstanceOfSatisfying(ChatEvent.Failed.class, failed -> {
            assertThat(failed.error().code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(failed.error().getMessage()).contains("Google returned an error");
        });
    }

    @Test
    void modelEntriesWithEveryFieldKeepWhatModelInfoHolds() throws Exception {
        List<ModelInfo> models = ModelCatalogParser.parse(body("models-full.json"), "openrouter");

        assertThat(models).hasSize(2);
        ModelInfo sonnet = models.get(0);
        assertThat(sonnet.ref()).isEqualTo(SONNET);
        assertThat(sonnet.name()).isEqualTo("Anthropic: Claude Sonnet 4");
        assertThat(sonnet.description()).hasValueSatisfying(text -> assertThat(text).startsWith("Claude Sonnet 4"));
        assertThat(sonnet.contextLength()).hasValue(200_000);
        assertThat(sonnet.maxOutputTokens()).hasValue(64_000);
        assertThat(sonnet.inputPricePerMillion()).hasValue(new BigDecimal("3"));
        assertThat(sonnet.outputPricePerMillion()).hasValue(new BigDecimal("15"));
        assertThat(sonnet.inputModalities()).containsExactlyInAnyOrder("text", "image", "file");
        assertThat(sonnet.outputModalities()).containsExactly("text");
        assertThat(sonnet.supportedParameters()).contains("tools", "reasoning", "include_reasoning");
        ModelInfo speech = models.get(1);
        assertThat(speech.contextLength()).isEmpty();
        assertThat(speech.maxOutputTokens()).isEmpty();
        assertThat(speech.outputModalities()).isEqualTo(Set.of("speech"));
        assertThat(speech.inputPricePerMillion()).hasValue(new BigDecimal("0.6"));
    }

    @Test
    void keyInformationWithEveryFieldKeepsWhatKeyInfoHolds() throws Exception {
        Wire.KeyResponse response = Json.read(body("key-full.json"), Wire.KeyResponse.class);
        KeyInfo info = OpenRouterKeyInspector.keyInfo(response.data(), ERRORS);

        assertThat(info.label()).hasValue("sk-or-v1-ab1…f00d");
        assertThat(info.limit()).hasValue(new BigDecimal("25"));
        assertThat(info.limitRemaining()).hasValue(new BigDecimal("18.5"));
        assertThat(info.limitReset()).hasValue("monthly");
        assertThat(info.usage()).hasValue(new BigDecimal("6.5"));
        assertThat(info.usageDaily()).hasValue(new BigDecimal("0.25"));
        assertThat(info.usageWeekly()).hasValue(new BigDecimal("1.75"));
        assertThat(info.usageMonthly()).hasValue(new BigDecimal("6.5"));
        assertThat(info.freeTier()).isFalse();
        assertThat(info.expiresAt()).hasValue(Instant.parse("2027-01-31T23:59:59Z"));
    }

    private static String text(String fixture) throws IOException, URISyntaxException {
        return new String(body(fixture), StandardCharsets.UTF_8);
    }

    private static Path fixtures() throws URISyntaxException {
        return Path.of(ResponseFixturesTest.class.getResource("fixtures").toURI());
    }

    /** The {@code body} of a fixture, as the bytes OpenRouter would send. */
    private static byte[] body(String fixture) throws IOException, URISyntaxException {
        JsonNode document = JSON.readTree(fixtures().resolve(fixture).toFile());
        assertThat(document.path("schema").isTextual()).as("%s names its schema", fixture).isTrue();
        return JSON.writeValueAsBytes(document.path("body"));
    }
}
