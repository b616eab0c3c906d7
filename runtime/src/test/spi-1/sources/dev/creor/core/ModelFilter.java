package dev.creor.core;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which of a provider's models may be used: a whitelist and a blacklist of model-id patterns.
 *
 * <p>A pattern is a model id in which {@code *} stands for any run of characters, slashes
 * included: {@code openai/*} admits every OpenAI model, {@code *:free} every free variant. An
 * empty whitelist admits every model; the blacklist then removes some. A model on both lists is
 * not allowed.
 */
public final class ModelFilter {
    /** A filter that allows every model. */
    public static final ModelFilter ALLOW_ALL = new ModelFilter(List.of(), List.of());

    private final List<String> whitelist;
    private final List<String> blacklist;
    private final List<Pattern> whitelistPatterns;
    private final List<Pattern> blacklistPatterns;

    private ModelFilter(List<String> whitelist, List<String> blacklist) {
        this.whitelist = List.copyOf(whitelist);
        this.blacklist = List.copyOf(blacklist);
        this.whitelistPatterns = this.whitelist.stream().map(ModelFilter::compile).toList();
        this.blacklistPatterns = this.blacklist.stream().map(ModelFilter::compile).toList();
    }

    /**
     * A filter from the two pattern lists.
     *
     * @throws IllegalArgumentException when a pattern is blank
     */
    public static ModelFilter of(List<String> whitelist, List<String> blacklist) {
        Objects.requireNonNull(whitelist, "whitelist is null");
        Objects.requireNonNull(blacklist, "blacklist is null");
        return whitelist.isEmpty() && blacklist.isEmpty() ? ALLOW_ALL : new ModelFilter(whitelist, blacklist);
    }

    /** Whether the model with this provider-side id may be used. */
    public boolean allows(String modelId) {
        Objects.requireNonNull(modelId, "modelId is null");
        // Loops rather than streams: this runs for every model of a catalog on each agent check.
        return (whitelistPatterns.isEmpty() || matchesAny(whitelistPatterns, modelId))
                && !matchesAny(blacklistPatterns, modelId);
    }

    private static boolean matchesAny(List<Pattern> patterns, String modelId) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(modelId).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The whitelist patterns as given. */
    public List<String> whitelist() {
        return whitelist;
    }

    /** The blacklist patterns as given. */
    public List<String> blacklist() {
        return blacklist;
    }

    /** Why a model is not allowed, for an error message; call it only when {@link #allows} is false. */
    public String explainRejection(String modelId) {
        boolean blacklisted = blacklistPatterns.stream().anyMatch(pattern -> pattern.matcher(modelId).matches());
        return blacklisted
                ? "\"" + modelId + "\" matches the blacklist " + blacklist
                : "\"" + modelId + "\" is not on the whitelist " + whitelist;
    }

    @Override
    public String toString() {
        return "ModelFilter[whitelist=" + whitelist + ", blacklist=" + blacklist + "]";
    }

    private static Pattern compile(String glob) {
        Checks.requireText(glob, "model pattern");
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
