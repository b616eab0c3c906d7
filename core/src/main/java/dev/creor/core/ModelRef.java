package dev.creor.core;

import java.util.Objects;

/**
 * A model named the way users write it: {@code provider/model-id}.
 *
 * <p>The text splits at the <em>first</em> slash, so the model id keeps any slashes of its own:
 * {@code openrouter/anthropic/claude-sonnet-4} is provider {@code openrouter} and model
 * {@code anthropic/claude-sonnet-4}; {@code openrouter/openrouter/auto} is OpenRouter's auto
 * router. Variant suffixes such as {@code :free} or {@code :nitro} stay part of the model id.
 *
 * @param provider the provider id, e.g. {@code openrouter}
 * @param model    the model id as the provider knows it, e.g. {@code anthropic/claude-sonnet-4}
 */
public record ModelRef(String provider, String model) {
    private static final String SHAPE = "expected provider/model-id, e.g. openrouter/anthropic/claude-sonnet-4";

    /** Checks both parts: each non-empty and free of whitespace; the provider has no slash. */
    public ModelRef {
        Objects.requireNonNull(provider, "provider is null");
        Objects.requireNonNull(model, "model is null");
        String problem = problemWith(provider, model);
        if (problem != null) {
            throw invalid(provider + "/" + model, problem);
        }
    }

    /**
     * Parses {@code provider/model-id}.
     *
     * @throws CreorException with {@link ErrorCode#CONFIG_INVALID} when the text is not of that
     *                        shape; the message quotes the text and shows the expected shape
     */
    public static ModelRef parse(String text) {
        Objects.requireNonNull(text, "text is null");
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw invalid(text, text.isEmpty() ? "it is empty" : "it has no '/' between provider and model");
        }
        String provider = text.substring(0, slash);
        String model = text.substring(slash + 1);
        String problem = problemWith(provider, model);
        if (problem != null) {
            throw invalid(text, problem);
        }
        return new ModelRef(provider, model);
    }

    /** The same model at another provider-side id, e.g. a fallback of the same provider. */
    public ModelRef withModel(String otherModel) {
        return new ModelRef(provider, otherModel);
    }

    /** {@code provider/model-id}, the form {@link #parse} accepts. */
    @Override
    public String toString() {
        return provider + "/" + model;
    }

    private static String problemWith(String provider, String model) {
        if (provider.isEmpty()) {
            return "the provider part before '/' is empty";
        }
        if (model.isEmpty()) {
            return "the model part after '/' is empty";
        }
        if (provider.indexOf('/') >= 0) {
            return "the provider part contains '/'";
        }
        if (containsWhitespaceOrControl(provider) || containsWhitespaceOrControl(model)) {
            return "it contains whitespace";
        }
        if (model.endsWith("/") || model.startsWith("/") || model.contains("//")) {
            return "the model part has an empty segment";
        }
        return null;
    }

    // A loop rather than codePoints().anyMatch: every route and answer makes ModelRefs, and the
    // stream's pipeline cost more than the check itself.
    private static boolean containsWhitespaceOrControl(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return true;
            }
            i += Character.charCount(c);
        }
        return false;
    }

    private static CreorException invalid(String text, String problem) {
        return CreorException.builder(ErrorCode.CONFIG_INVALID,
                        "invalid model reference \"" + printable(text) + "\": " + problem + "; " + SHAPE)
                .hint("write the provider id, a slash, then the provider's model id")
                .build();
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
