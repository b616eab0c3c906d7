package dev.creor.runtime.internal.logging;

import dev.creor.core.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text on its way out of the process: log records, debug HTTP traces,
 * error bodies echoed by servers. It masks anything shaped like a bearer token or an API key
 * ({@code sk-...}), and every secret the runtime has resolved, wherever it appears.
 */
public final class Redaction {
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)([^\\s\",']+)");
    private static final Pattern KEY_SHAPED = Pattern.compile("\\bsk-[A-Za-z0-9_-]{8,}");
    /**
     * Secrets shorter than this are not looked for: a dummy key such as {@code test} would
     * otherwise be masked inside every word that contains it. Real keys are far longer.
     */
    static final int SHORTEST_REGISTERED = 8;

    /** Each registered secret, with how many runtimes registered it. */
    private static final Map<String, Integer> KNOWN = new ConcurrentHashMap<>();

    private Redaction() {
    }

    /**
     * Remembers a secret so that it is masked wherever it appears, whatever its shape, until
     * as many {@link #forget} calls as {@code register} calls. Secrets shorter than eight
     * characters are ignored.
     */
    public static void register(Secret secret) {
        Objects.requireNonNull(secret, "secret is null");
        if (secret.reveal().length() >= SHORTEST_REGISTERED) {
            KNOWN.merge(secret.reveal(), 1, Integer::sum);
        }
    }

    /** Undoes one {@link #register} of the secret, e.g. when the runtime that resolved it closes. */
    public static void forget(Secret secret) {
        Objects.requireNonNull(secret, "secret is null");
        KNOWN.computeIfPresent(secret.reveal(), (value, count) -> count <= 1 ? null : count - 1);
    }

    /** The text with every credential masked. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : KNOWN.keySet()) {
            if (result.contains(secret)) {
                result = result.replace(secret, Secret.mask(secret));
            }
        }
        result = replaceAll(BEARER, result, matcher -> matcher.group(1) + mask(matcher.group(2)));
        return replaceAll(KEY_SHAPED, result, matcher -> mask(matcher.group()));
    }

    private static String mask(String value) {
        return value.contains("…") ? value : Secret.mask(value);
    }

    private static String replaceAll(Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
