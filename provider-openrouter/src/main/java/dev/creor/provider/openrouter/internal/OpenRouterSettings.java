package dev.creor.provider.openrouter.internal;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.internal.Suggestions;
import dev.creor.provider.kit.transport.TimeLimits;
import dev.creor.spi.ProviderSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provider's settings, checked and in the form the adapter uses: the base URL, attribution
 * headers, catalog TTL, credential, time limits, model filter and the routing preferences
 * already translated to OpenRouter's {@code provider} object.
 *
 * <p>The configuration schema checks the same things when settings come from a config file;
 * the checks here are for embedders that build {@link ProviderSettings} in code, and each error
 * names the offending key the way the config file spells it.
 */
final class OpenRouterSettings {
    static final URI DEFAULT_BASE_URL = URI.create("https://openrouter.ai/api/v1");
    static final String DEFAULT_REFERER = "https://creor.dev";
    static final String DEFAULT_TITLE = "Creor";
    static final Duration DEFAULT_CATALOG_TTL = Duration.ofHours(1);
    static final int DEFAULT_MAX_CONNECTIONS = 1000;

    /** The keys of {@code options}, as the schema fragment declares them. */
    static final Set<String> OPTION_KEYS = Set.of("apiKey", "baseURL", "referer", "title", "categories", "catalogTtl",
            "maxConnections");
    /** An attribution category as OpenRouter lists them, e.g. {@code cli-agent}. */
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Config routing keys (camelCase) and OpenRouter's names for them. */
    private static final Map<String, String> ROUTING_KEYS = orderedMap(
            "order", "order",
            "allowFallbacks", "allow_fallbacks",
            "requireParameters", "require_parameters",
            "dataCollection", "data_collection",
            "zdr", "zdr",
            "only", "only",
            "ignore", "ignore",
            "quantizations", "quantizations",
            "sort", "sort",
            "maxPrice", "max_price");
    private static final Set<String> MAX_PRICE_KEYS = Set.of("prompt", "completion", "request", "image");

    private final String providerId;
    private final URI baseUrl;
    private final String referer;
    private final String title;
    private final List<String> categories;
    private final Duration catalogTtl;
    private final int maxConnections;
    private final Secret credential;
    private final TimeLimits timeLimits;
    private final ModelFilter modelFilter;
    private final Map<String, Object> providerPreferences;

    private OpenRouterSettings(ProviderSettings settings) {
        this.providerId = settings.providerId();
        Map<String, Object> options = settings.options();
        for (String key : options.keySet()) {
            if (!OPTION_KEYS.contains(key)) {
                throw invalid("options." + key, "is not an option of this provider"
                        + Suggestions.didYouMean(key, OPTION_KEYS) + "; the options are " + OPTION_KEYS.stream().sorted().toList());
            }
        }
        this.baseUrl = settings.stringOption("baseURL").map(this::parseBaseUrl).orElse(DEFAULT_BASE_URL);
        this.referer = text(options, "referer").orElse(DEFAULT_REFERER);
        this.title = text(options, "title").orElse(DEFAULT_TITLE);
        this.categories = categories(options.get("categories"));
        this.catalogTtl = Duration.ofMillis(wholeNumber(options, "catalogTtl", 0)
                .orElse(DEFAULT_CATALOG_TTL.toMillis()));
        this.maxConnections = Math.toIntExact(Math.min(Integer.MAX_VALUE,
                wholeNumber(options, "maxConnections", 1).orElse((long) DEFAULT_MAX_CONNECTIONS)));
        this.credential = settings.credential().orElse(null);
        this.timeLimits = new TimeLimits("OpenRouter", settings.providerId(), settings.connectTimeout(), settings.chunkTimeout(),
                settings.totalTimeout().orElse(null));
        this.modelFilter = settings.modelFilter();
        this.providerPreferences = translateRouting(settings.routing(), this::invalid);
    }

    /**
     * Checks and translates the settings.
     *
     * @throws CreorException with {@link ErrorCode#CONFIG_INVALID} naming the bad key
     */
    static OpenRouterSettings from(ProviderSettings settings) {
        Objects.requireNonNull(settings, "settings is null");
        return new OpenRouterSettings(settings);
    }

    String providerId() {
        return providerId;
    }

    /** The base URL without a trailing slash, e.g. {@code https://openrouter.ai/api/v1}. */
    URI baseUrl() {
        return baseUrl;
    }

    /** The absolute URL of an endpoint path such as {@code /chat/completions}. */
    String endpoint(String path) {
        return baseUrl.toString() + path;
    }

    String referer() {
        return referer;
    }

    String title() {
        return title;
    }

    /** The {@code X-OpenRouter-Categories} attribution, e.g. {@code [cli-agent]}; empty sends no header. */
    List<String> categories() {
        return categories;
    }

    private List<String> categories(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.isEmpty()
                || !list.stream().allMatch(item -> item instanceof String text && CATEGORY.matcher(text).matches())) {
            throw invalid("options.categories", "must be a non-empty list of lower-case category names such as"
                    + " [\"cli-agent\"]; got " + value);
        }
        return list.stream().map(String.class::cast).distinct().toList();
    }

    Duration catalogTtl() {
        return catalogTtl;
    }

    int maxConnections() {
        return maxConnections;
    }

    Optional<Secret> credential() {
        return Optional.ofNullable(credential);
    }

    TimeLimits timeLimits() {
        return timeLimits;
    }

    ModelFilter modelFilter() {
        return modelFilter;
    }

    /** The routing preferences as OpenRouter's {@code provider} object; empty when none are set. */
    Map<String, Object> providerPreferences() {
        return providerPreferences;
    }

    private URI parseBaseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw invalid("options.baseURL", "is not a URL: \"" + text + "\"; e.g. " + DEFAULT_BASE_URL);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw invalid("options.baseURL", "must be an absolute http or https URL, e.g. " + DEFAULT_BASE_URL
                    + "; got \"" + text + "\"");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("options.baseURL", "must not have a query or fragment; got \"" + text + "\"");
        }
        String withoutSlash = uri.toString().replaceAll("/+$", "");
        return URI.create(withoutSlash);
    }

    private Optional<String> text(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String string) || string.isBlank()) {
            throw invalid("options." + key, "must be a non-empty string");
        }
        return Optional.of(string);
    }

    private Optional<Long> wholeNumber(Map<String, Object> options, String key, long minimum) {
        Object value = options.get(key);
        if (value == null) {
            return Optional.empty();
        }
        Long number = null;
        if (value instanceof Integer || value instanceof Long) {
            number = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < 63) {
            number = big.longValue();
        } else if (value instanceof BigDecimal || value instanceof Double) {
            try {
                number = new BigDecimal(value.toString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException notWhole) {
                number = null;
            }
        }
        if (number == null || number < minimum) {
            throw invalid("options." + key, "must be a whole number of at least " + minimum + "; got " + value);
        }
        return Optional.of(number);
    }

    /**
     * A request's own routing preferences (config keys) as OpenRouter's {@code provider} object,
     * checked as the provider's are; a bad one fails the request with {@code INVALID_REQUEST}.
     */
    static Map<String, Object> requestRouting(Map<String, Object> routing) {
        return translateRouting(routing, (key, problem) -> CreorException.builder(ErrorCode.INVALID_REQUEST,
                        "the request's " + key + " " + problem)
                .hint("fix the routing of the agent, model or request; docs/providers/openrouter.md lists every"
                        + " preference")
                .build());
    }

    /** How a bad routing key is reported: the key (as {@code routing.sort}) and what is wrong with it. */
    @FunctionalInterface
    private interface Complaint {
        CreorException about(String key, String problem);
    }

    private static Map<String, Object> translateRouting(Map<String, Object> routing, Complaint invalid) {
        Map<String, Object> wire = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : routing.entrySet()) {
            String key = entry.getKey();
            String wireKey = ROUTING_KEYS.get(key);
            if (wireKey == null) {
                throw invalid.about("routing." + key, "is not a routing preference" + Suggestions.didYouMean(key,
                        ROUTING_KEYS.keySet()) + "; the preferences are " + List.copyOf(ROUTING_KEYS.keySet()));
            }
            wire.put(wireKey, routingValue(key, entry.getValue(), invalid));
        }
        return Collections.unmodifiableMap(wire);
    }

    private static Object routingValue(String key, Object value, Complaint complaint) {
        String where = "routing." + key;
        switch (key) {
            case "allowFallbacks", "requireParameters", "zdr" -> {
                if (!(value instanceof Boolean)) {
                    throw complaint.about(where, "must be true or false; got " + value);
                }
                return value;
            }
            case "order", "only", "ignore", "quantizations" -> {
                if (!(value instanceof List<?> list) || !list.stream().allMatch(item -> item instanceof String s && !s.isBlank())) {
                    throw complaint.about(where, "must be a list of names, e.g. [\"Anthropic\", \"Google\"]; got " + value);
                }
                return new ArrayList<>(list);
            }
            case "dataCollection" -> {
                return oneOf(complaint, where, value, List.of("allow", "deny"));
            }
            case "sort" -> {
                return oneOf(complaint, where, value, List.of("price", "throughput", "latency"));
            }
            case "maxPrice" -> {
                if (!(value instanceof Map<?, ?> prices)) {
                    throw complaint.about(where, "must be an object such as {\"prompt\": 1, \"completion\": 2}"
                            + " (US dollars per million tokens); got " + value);
                }
                Map<String, Object> wire = new LinkedHashMap<>();
                for (Map.Entry<?, ?> price : prices.entrySet()) {
                    String priceKey = String.valueOf(price.getKey());
                    if (!MAX_PRICE_KEYS.contains(priceKey)) {
                        throw complaint.about(where + "." + priceKey, "is not a price" + Suggestions.didYouMean(priceKey,
                                MAX_PRICE_KEYS) + "; the prices are " + MAX_PRICE_KEYS.stream().sorted().toList());
                    }
                    if (!(price.getValue() instanceof Number number) || new BigDecimal(number.toString()).signum() < 0) {
                        throw complaint.about(where + "." + priceKey, "must be a non-negative number; got " + price.getValue());
                    }
                    // OpenRouter's request schema types these prices as decimal strings, as it does
                    // every price it answers with; a string also keeps the exact decimal.
                    BigDecimal exact = new BigDecimal(number.toString()).stripTrailingZeros();
                    wire.put(priceKey, (exact.scale() < 0 ? exact.setScale(0) : exact).toPlainString());
                }
                return wire;
            }
            default -> throw new IllegalStateException("unhandled routing key " + key);
        }
    }

    private static String oneOf(Complaint complaint, String where, Object value, List<String> allowed) {
        if (!(value instanceof String text) || !allowed.contains(text)) {
            throw complaint.about(where, "must be one of " + allowed + "; got " + (value instanceof String ? "\"" + value + "\"" : value));
        }
        return text;
    }

    private CreorException invalid(String key, String problem) {
        return CreorException.builder(ErrorCode.CONFIG_INVALID, "provider." + providerId + "." + key + " " + problem)
                .hint("fix provider." + providerId + " in your config; docs/providers/openrouter.md lists every option")
                .build();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "OpenRouterSettings[" + providerId + ", " + baseUrl + ", key " + (credential == null ? "unset" : "set")
                + "]";
    }
}
