package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelInfo;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogParserTest {

    @Test
    void readsEveryFieldOfAnEntryAndIgnoresUnknownOnes() throws Exception {
        List<ModelInfo> models = ModelCatalogParser.parse(bytes("""
                {"data":[{"id":"anthropic/claude-sonnet-4","canonical_slug":"anthropic/claude-sonnet-4-20250514",
                  "name":"Anthropic: Claude Sonnet 4","created":1747930371,"description":"Balanced.",
                  "context_length":200000,
                  "architecture":{"modality":"text+image->text","input_modalities":["image","text"],
                                  "output_modalities":["text"],"tokenizer":"Claude"},
                  "pricing":{"prompt":"0.000003","completion":"0.000015","request":"0","input_cache_read":"0.0000003"},
                  "top_provider":{"context_length":200000,"max_completion_tokens":64000,"is_moderated":true},
                  "per_request_limits":null,"supported_parameters":["tools","reasoning","temperature"],
                  "something_added_next_year":{"x":1}}],
                 "also_new":true}"""), "openrouter");

        assertThat(models).hasSize(1);
        ModelInfo model = models.get(0);
        assertThat(model.ref()).isEqualTo(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"));
        assertThat(model.name()).isEqualTo("Anthropic: Claude Sonnet 4");
        assertThat(model.description()).hasValue("Balanced.");
        assertThat(model.contextLength()).hasValue(200000);
        assertThat(model.maxOutputTokens()).hasValue(64000);
        assertThat(model.inputPricePerMillion()).hasValue(new BigDecimal("3"));
        assertThat(model.outputPricePerMillion()).hasValue(new BigDecimal("15"));
        assertThat(model.inputModalities()).containsExactlyInAnyOrder("image", "text");
        assertThat(model.outputModalities()).containsExactly("text");
        assertThat(model.supportedParameters()).containsExactlyInAnyOrder("tools", "reasoning", "temperature");
    }

    @Test
    void pricesPerMillionAreExactDecimals() {
        assertThat(ModelCatalogParser.perMillion(Json.MAPPER.getNodeFactory().textNode("0.0000025")))
                .isEqualTo(new BigDecimal("2.5"));
        assertThat(ModelCatalogParser.perMillion(Json.MAPPER.getNodeFactory().textNode("0.000000038")))
                .isEqualTo(new BigDecimal("0.038"));
        assertThat(ModelCatalogParser.perMillion(Json.MAPPER.getNodeFactory().textNode("0.00001")))
                .isEqualTo(new BigDecimal("10"));
        assertThat(ModelCatalogParser.perMillion(Json.MAPPER.getNodeFactory().textNode("0")))
                .isEqualTo(new BigDecimal("0"));
        // 0.1 + 0.2 style binary rounding must not creep in.
        assertThat(ModelCatalogParser.perMillion(Json.MAPPER.getNodeFactory().textNode("0.0000003333333333333333")))
                .isEqualTo(new BigDecimal("0.3333333333333333"));
    }

    @Test
    void theAutoRoutersVariablePriceIsUnknownRatherThanNegative() throws Exception {
        ModelInfo auto = ModelCatalogParser.parse(bytes("""
                {"data":[{"id":"openrouter/auto","name":"Auto Router","context_length":2000000,
                  "pricing":{"prompt":"-1","completion":"-1"},"top_provider":{"max_completion_tokens":null}}]}"""),
                "openrouter").get(0);

        assertThat(auto.inputPricePerMillion()).isEmpty();
        assertThat(auto.outputPricePerMillion()).isEmpty();
        assertThat(auto.maxOutputTokens()).isEmpty();
        assertThat(auto.contextLength()).hasValue(2000000);
    }

    @Test
    void theOlderModalityTextIsReadWhenTheListsAreMissing() throws Exception {
        ModelInfo model = ModelCatalogParser.parse(bytes("""
                {"data":[{"id":"x/y","architecture":{"modality":"text+image->text"}}]}"""), "openrouter").get(0);

        assertThat(model.inputModalities()).containsExactlyInAnyOrder("text", "image");
        assertThat(model.outputModalities()).containsExactly("text");
        assertThat(model.name()).isEqualTo("x/y");
    }

    @Test
    void unreadableEntriesAreSkippedNotFatal() throws Exception {
        List<ModelInfo> models = ModelCatalogParser.parse(bytes("""
                {"data":[{"name":"no id"},{"id":"has space/x"},{"id":"ok/model"},{"id":"ok/model"},
                         {"id":"ok/other","context_length":-5}]}"""), "openrouter");

        assertThat(models).extracting(model -> model.ref().model()).containsExactly("ok/model", "ok/other");
        assertThat(models.get(1).contextLength()).isEmpty();
    }

    @Test
    void aBodyWithoutADataArrayIsRejected() {
        assertThatThrownBy(() -> ModelCatalogParser.parse(bytes("{\"error\":{}}"), "openrouter"))
                .isInstanceOf(IOException.class).hasMessageContaining("\"data\"");
        assertThatThrownBy(() -> ModelCatalogParser.parse(bytes("<html>"), "openrouter")).isInstanceOf(IOException.class);
    }

    @Test
    void theBundledSnapshotIsARealisticListThatParsesWhole() throws Exception {
        byte[] snapshot;
        try (InputStream in = OpenRouterModelCatalog.class.getResourceAsStream(OpenRouterModelCatalog.SNAPSHOT_RESOURCE)) {
            assertThat(in).isNotNull();
            snapshot = in.readAllBytes();
        }
        int entries = Json.MAPPER.readTree(snapshot).get("data").size();

        List<ModelInfo> models = ModelCatalogParser.parse(snapshot, "openrouter");

        assertThat(models).hasSize(entries).hasSizeGreaterThanOrEqualTo(30);
        assertThat(models).extracting(model -> model.ref().model()).contains("anthropic/claude-sonnet-4",
                "openai/gpt-4o", "openai/o3", "google/gemini-2.5-flash", "meta-llama/llama-3.3-70b-instruct:free",
                "openrouter/auto");
        assertThat(models).allSatisfy(model -> assertThat(model.contextLength()).isPresent());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
