package dev.creor.app.logging;

import dev.creor.core.Secret;
import java.util.Objects;
import java.util.Set;
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
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private Redaction() {
    }

    /** Remembers a secret so that it is masked wherever it appears, whatever its shape. */
    public static void register(Secret secret) {
        Objects.requireNonNull(secret, "secret is null");
        KNOWN.add(secret.reveal());
    }

    /** The text with every credential masked. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : KNOWN) {
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
