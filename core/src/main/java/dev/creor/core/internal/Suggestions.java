package dev.creor.core.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * "Did you mean" candidates for a misspelt key, agent, provider or model id.
 *
 * <p>A candidate qualifies when it is within a small edit distance of the input (typos,
 * transpositions, a missing or extra letter) or when one contains the other ignoring case.
 * The closest come first.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * Up to {@code limit} candidates close to {@code input}, closest first.
     *
     * @param input      what the user wrote
     * @param candidates every valid value
     * @param limit      the most candidates to return; must be positive
     */
    public static List<String> closest(String input, Collection<String> candidates, int limit) {
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(candidates, "candidates is null");
        Checks.requirePositive(limit, "limit");
        String needle = input.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, needle.length() / 3);
        return candidates.stream()
                .distinct()
                .filter(candidate -> !candidate.equals(input))
                .map(candidate -> new Scored(candidate, score(needle, candidate.toLowerCase(Locale.ROOT))))
                .filter(scored -> scored.distance <= allowed)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
                .limit(limit)
                .map(Scored::candidate)
                .toList();
    }

    /** The "(did you mean ...?)" suffix for a message, or an empty string when nothing is close. */
    public static String didYouMean(String input, Collection<String> candidates) {
        List<String> close = closest(input, candidates, 3);
        if (close.isEmpty()) {
            return "";
        }
        return " (did you mean " + String.join(" or ", close.stream().map(c -> "\"" + c + "\"").toList()) + "?)";
    }

    private static int score(String needle, String candidate) {
        if (!needle.isEmpty() && (candidate.contains(needle) || needle.contains(candidate))) {
            // Containment beats any typo, but an exact-length match still beats a longer one.
            return Math.min(1, Math.abs(candidate.length() - needle.length()));
        }
        return distance(needle, candidate);
    }

    /** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private record Scored(String candidate, int distance) {
    }
}
