package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox's models: {@code models.json} beside this class is served as {@code GET /models}
 * and gives each model the prices that answers are charged with.
 */
final class ModelCatalogue {
    static final String AUTO_ROUTER = "openrouter/auto";

    /** Suffixes that pick a routing variant of a model; the answer names the model without them. */
    private static final Set<String> ROUTING_VARIANTS = Set.of("nitro", "floor", "thinking", "online", "exacto");

    private static final Map<String, String> UPSTREAM_BY_AUTHOR = Map.ofEntries(
            Map.entry("anthropic", "Anthropic"),
            Map.entry("openai", "OpenAI"),
            Map.entry("google", "Google"),
            Map.entry("meta-llama", "DeepInfra"),
            Map.entry("deepseek", "DeepSeek"),
            Map.entry("mistralai", "Mistral"),
            Map.entry("x-ai", "xAI"),
            Map.entry("qwen", "Alibaba"),
            Map.entry("moonshotai", "Moonshot AI"),
            Map.entry("z-ai", "Z.AI"),
            Map.entry("cohere", "Cohere"),
            Map.entry("amazon", "Amazon Bedrock"),
            Map.entry("perplexity", "Perplexity"),
            Map.entry("microsoft", "Azure"),
            Map.entry("nvidia", "Nvidia"),
            Map.entry("minimax", "Minimax"));

    private static final BigDecimal UNLISTED_PROMPT_PRICE = new BigDecimal("0.000001");
    private static final BigDecimal UNLISTED_COMPLETION_PRICE = new BigDecimal("0.000002");

    private static final String CODE_ROUTE = "anthropic/claude-sonnet-4";
    private static final String LONG_PROMPT_ROUTE = "google/gemini-2.5-flash";
    private static final String DEFAULT_ROUTE = "openai/gpt-4o-mini";
    private static final int LONG_PROMPT_CHARACTERS = 1000;
    private static final List<String> CODE_MARKERS = List.of("```", "code", "function", "class ", "bug", "compile",
            "java", "python", "stack trace", "exception");

    private final Map<String, SandboxModel> models;
    private final Buffer modelsBody;
    private final JsonNode modelsDocument;

    private ModelCatalogue(Map<String, SandboxModel> models, JsonNode modelsDocument, Buffer modelsBody) {
        this.models = models;
        this.modelsDocument = modelsDocument;
        this.modelsBody = modelsBody;
    }

    /** Loads the bundled catalogue. */
    static ModelCatalogue load(ObjectMapper json) {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream("models.json")) {
            if (in == null) {
                throw new IllegalStateException("models.json is missing beside " + ModelCatalogue.class.getName());
            }
            JsonNode document = json.readTree(in);
            Map<String, SandboxModel> models = new LinkedHashMap<>();
            for (JsonNode entry : document.path("data")) {
                SandboxModel model = SandboxModel.of(entry);
                models.put(model.id(), model);
            }
            List<JsonNode> entries = new ArrayList<>();
            document.path("data").forEach(entries::add);
            return new ModelCatalogue(Map.copyOf(models), document, Buffer.buffer(json.writeValueAsBytes(page(entries))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox's models.json", e);
        }
    }

    /** The {@code GET /models} body, rendered once. */
    Buffer modelsBody() {
        return modelsBody;
    }

    /** The {@code GET /models} body with only the models that support every given parameter. */
    Buffer modelsBody(List<String> requiredParameters, ObjectMapper json) {
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode entry : modelsDocument.path("data")) {
            List<String> supported = new ArrayList<>();
            entry.path("supported_parameters").forEach(p -> supported.add(p.asText()));
            if (supported.containsAll(requiredParameters)) {
                kept.add(entry);
            }
        }
        try {
            return Buffer.buffer(json.writeValueAsBytes(page(kept)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code /models} answer: every entry on one page, so there is no next one. */
    private static Map<String, Object> page(List<JsonNode> entries) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("next", null);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("data", entries);
        page.put("links", links);
        page.put("total_count", entries.size());
        return page;
    }

    /** Every model id, in catalogue order. */
    Set<String> ids() {
        return models.keySet();
    }

    /**
     * The model a request's id names: a listed id, or a listed id with a routing variant such as
     * {@code :nitro}. {@code :free} is a variant only where the catalogue lists it.
     */
    Optional<SandboxModel> find(String requestedId) {
        SandboxModel listed = models.get(requestedId);
        if (listed != null) {
            return Optional.of(listed);
        }
        int colon = requestedId.lastIndexOf(':');
        if (colon > 0 && ROUTING_VARIANTS.contains(requestedId.substring(colon + 1))) {
            return Optional.ofNullable(models.get(requestedId.substring(0, colon)));
        }
        return Optional.empty();
    }

    /** The model id without a routing variant suffix. */
    static String withoutVariant(String requestedId) {
        int colon = requestedId.lastIndexOf(':');
        if (colon > 0 && ROUTING_VARIANTS.contains(requestedId.substring(colon + 1))) {
            return requestedId.substring(0, colon);
        }
        return requestedId;
    }

    /** A stand-in for a model the catalogue does not list but a script names. */
    SandboxModel unlisted(String requestedId) {
        String id = withoutVariant(requestedId);
        return new SandboxModel(id, upstreamOf(id), UNLISTED_PROMPT_PRICE, UNLISTED_COMPLETION_PRICE,
                BigDecimal.ZERO, 131072, true, true, Set.of("text", "image", "file"), null, null);
    }

    /**
     * What {@code openrouter/auto} routes a prompt to: code goes to a coding model, long prompts
     * to a long-context model, everything else to a small fast one.
     */
    SandboxModel route(String prompt) {
        String lower = prompt.toLowerCase(Locale.ROOT);
        String id;
        if (CODE_MARKERS.stream().anyMatch(lower::contains)) {
            id = CODE_ROUTE;
        } else if (prompt.length() > LONG_PROMPT_CHARACTERS) {
            id = LONG_PROMPT_ROUTE;
        } else {
            id = DEFAULT_ROUTE;
        }
        return models.get(id);
    }

    private static String upstreamOf(String id) {
        int slash = id.indexOf('/');
        String author = slash > 0 ? id.substring(0, slash) : id;
        return UPSTREAM_BY_AUTHOR.getOrDefault(author, "Sandbox");
    }

    /**
     * A model as the sandbox serves it.
     *
     * @param upstream        the provider named in answers' {@code provider} field
     * @param inputModalities what the model reads: {@code text}, {@code image}, {@code file}, ...
     * @param cacheReadPrice  the price of a prompt token read from the cache, or {@code null}
     *                        when the model has no prompt cache
     * @param cacheWritePrice the price of a prompt token written to the cache, or {@code null}
     *                        when writing costs the normal prompt price
     */
    record SandboxModel(String id, String upstream, BigDecimal promptPrice, BigDecimal completionPrice,
                        BigDecimal requestPrice, int contextLength, boolean supportsTools,
                        boolean supportsReasoning, Set<String> inputModalities, BigDecimal cacheReadPrice,
                        BigDecimal cacheWritePrice) {

        static SandboxModel of(JsonNode entry) {
            String id = entry.path("id").asText();
            JsonNode pricing = entry.path("pricing");
            List<String> parameters = new ArrayList<>();
            entry.path("supported_parameters").forEach(p -> parameters.add(p.asText()));
            List<String> modalities = new ArrayList<>();
            entry.path("architecture").path("input_modalities").forEach(m -> modalities.add(m.asText()));
            return new SandboxModel(id, upstreamOf(id),
                    new BigDecimal(pricing.path("prompt").asText("0")),
                    new BigDecimal(pricing.path("completion").asText("0")),
                    new BigDecimal(pricing.path("request").asText("0")),
                    entry.path("context_length").asInt(),
                    parameters.contains("tools"), parameters.contains("reasoning"), Set.copyOf(modalities),
                    pricing.hasNonNull("input_cache_read") ? new BigDecimal(pricing.path("input_cache_read").asText()) : null,
                    pricing.hasNonNull("input_cache_write") ? new BigDecimal(pricing.path("input_cache_write").asText()) : null);
        }

        /**
         * Whether the model signs its reasoning and needs the signature back with the tool calls it
         * made, as Gemini 3 does (its "thought signatures").
         */
        boolean signsReasoning() {
            return id.startsWith("google/gemini-3");
        }

        /** Whether the model caches only at {@code cache_control} breakpoints (Claude, Gemini). */
        boolean cachesAtBreakpoints() {
            return cacheWritePrice != null;
        }

        boolean isRouter() {
            return id.equals(AUTO_ROUTER);
        }
    }
}
