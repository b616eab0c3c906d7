package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelInfo;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads OpenRouter's {@code GET /models} answer into {@link ModelInfo}s.
 *
 * <p>Prices arrive as decimal strings in US dollars per token; they become dollars per million
 * tokens by moving the decimal point, exactly ({@code "0.000003"} is {@code 3}). A negative price
 * ({@code "-1"}, which {@code openrouter/auto} uses for "depends on the model picked") is left
 * out as unknown. The maximum output comes from {@code top_provider.max_completion_tokens}.
 * Modalities come from {@code architecture.input_modalities}/{@code output_modalities}, or
 * from the older {@code architecture.modality} text ({@code text+image->text}). Unknown fields
 * are ignored; an entry that cannot be read (no id, an id with spaces) is skipped rather than
 * failing the whole list.
 */
final class ModelCatalogParser {
    private static final System.Logger LOGGER = System.getLogger(ModelCatalogParser.class.getName());

    private ModelCatalogParser() {
    }

    /**
     * Parses a {@code /models} body.
     *
     * @throws IOException when the body is not JSON or has no {@code data} array
     */
    static List<ModelInfo> parse(byte[] body, String providerId) throws IOException {
        JsonNode root = Json.MAPPER.readTree(body);
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isArray()) {
            throw new IOException("the model list has no \"data\" array");
        }
        List<ModelInfo> models = new ArrayList<>(data.size());
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode entry : data) {
            String id = Json.text(entry.get("id"));
            if (id == null || !seen.add(id)) {
                continue;
            }
            try {
                models.add(model(entry, new ModelRef(providerId, id)));
            } catch (RuntimeException unreadable) {
                LOGGER.log(System.Logger.Level.DEBUG, () -> "skipping unreadable model entry \"" + id + "\": "
                        + unreadable.getMessage());
            }
        }
        return List.copyOf(models);
    }

    private static ModelInfo model(JsonNode entry, ModelRef ref) {
        ModelInfo.Builder builder = ModelInfo.builder(ref);
        String name = Json.text(entry.get("name"));
        if (name != null && !name.isBlank()) {
            builder.name(name);
        }
        String description = Json.text(entry.get("description"));
        if (description != null) {
            builder.description(description);
        }
        long context = positive(entry.get("context_length"));
        if (context == 0) {
            context = positive(entry.path("top_provider").get("context_length"));
        }
        if (context > 0) {
            builder.contextLength(context);
        }
        long maxOutput = positive(entry.path("top_provider").get("max_completion_tokens"));
        if (maxOutput > 0) {
            builder.maxOutputTokens(maxOutput);
        }
        BigDecimal prompt = perMillion(entry.path("pricing").get("prompt"));
        if (prompt != null) {
            builder.inputPricePerMillion(prompt);
        }
        BigDecimal completion = perMillion(entry.path("pricing").get("completion"));
        if (completion != null) {
            builder.outputPricePerMillion(completion);
        }
        BigDecimal cacheRead = perMillion(entry.path("pricing").get("input_cache_read"));
        if (cacheRead != null) {
            builder.cacheReadPricePerMillion(cacheRead);
        }
        BigDecimal cacheWrite = perMillion(entry.path("pricing").get("input_cache_write"));
        if (cacheWrite != null) {
            builder.cacheWritePricePerMillion(cacheWrite);
        }
        JsonNode architecture = entry.path("architecture");
        Set<String> input = strings(architecture.get("input_modalities"));
        Set<String> output = strings(architecture.get("output_modalities"));
        String modality = Json.text(architecture.get("modality"));
        if (modality != null && modality.contains("->")) {
            if (input.isEmpty()) {
                input = split(modality.substring(0, modality.indexOf("->")));
            }
            if (output.isEmpty()) {
                output = split(modality.substring(modality.indexOf("->") + 2));
            }
        }
        builder.inputModalities(input);
        builder.outputModalities(output);
        builder.supportedParameters(strings(entry.get("supported_parameters")));
        return builder.build();
    }

    /** Dollars per token (a decimal string or number) as dollars per million tokens, exactly. */
    static BigDecimal perMillion(JsonNode perToken) {
        BigDecimal price = Json.decimal(perToken);
        if (price == null || price.signum() < 0) {
            return null;
        }
        BigDecimal perMillion = price.movePointRight(6).stripTrailingZeros();
        return perMillion.scale() < 0 ? perMillion.setScale(0) : perMillion;
    }

    private static long positive(JsonNode node) {
        return node != null && node.canConvertToLong() && node.asLong() > 0 ? node.asLong() : 0;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(item -> {
                if (item.isTextual() && !item.textValue().isBlank()) {
                    values.add(item.textValue());
                }
            });
        }
        return values;
    }

    private static Set<String> split(String modalities) {
        Set<String> values = new LinkedHashSet<>();
        for (String part : modalities.split("\\+")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        return values;
    }
}
