package dev.creor.core.internal;

import dev.creor.core.Secret;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks text that looks like a credential, wherever it stands: a key pasted into a model id or
 * a prompt, a file read into the config that turns out to hold keys, a password in a URL, an
 * upstream error that echoes a header. What is known to be a secret (a config value under a
 * secret key, a resolved credential) is masked by its value; this class catches the rest by its
 * shape, for everything Creor shows a person: config listings, error messages and logs.
 *
 * <p>Secret-shaped, each masked as {@link Secret#mask(String)} masks a key
 * ({@code sk-or-v1-…9f3a}):
 * <ul>
 * <li><b>API keys with a known prefix</b>: {@code sk-} (OpenRouter's {@code sk-or-v1-}, OpenAI's
 *     {@code sk-proj-}, Anthropic's {@code sk-ant-}, DeepSeek ...), {@code sk_} (Stripe),
 *     {@code gsk_} (Groq), {@code xai-}, {@code hf_} (Hugging Face), {@code r8_} (Replicate),
 *     {@code pplx-} (Perplexity), {@code nvapi-}, {@code npm_}, GitHub's {@code ghp_}, {@code gho_},
 *     {@code ghu_}, {@code ghs_}, {@code ghr_} and {@code github_pat_}, GitLab's {@code glpat-},
 *     Slack's {@code xox?-}, each followed by at least 16 key characters with a digit or a
 *     capital among them; Google API keys ({@code AIza} and 35 characters), Google OAuth tokens
 *     ({@code ya29.}), AWS access key ids ({@code AKIA}/{@code ASIA} and 16);</li>
 * <li><b>the credential of an authorization scheme</b>: what follows {@code Bearer} (any case,
 *     at least 8 characters), and an encoded-looking value after {@code Basic};</li>
 * <li><b>the password in a URL</b>: {@code https://user:password@host/} keeps the user name
 *     and shows only the password's length ({@code https://user:…(8 chars)@host/});</li>
 * <li><b>URL query parameters that name a credential</b>: {@code key}, {@code sig},
 *     {@code signature}, {@code auth}, {@code pwd}, or a name ending, ignoring case, {@code -}
 *     and {@code _}, with {@code apikey}, {@code token}, {@code secret}, {@code password},
 *     {@code passwd} or {@code authorization} ({@code ?api_key=}, {@code &access_token=}),
 *     whose value is hidden like a URL's password;</li>
 * <li><b>JSON Web Tokens</b> ({@code eyJ...}, three dot-separated parts);</li>
 * <li><b>long random-looking tokens</b>: 32 or more letters and digits in a row, mixing upper
 *     case, lower case and digits, and switching between them at least every two or three
 *     characters as random text does (camel-case names such as
 *     {@code Http2ServerConnectionHandlerBuilder} switch far less often).</li>
 * </ul>
 *
 * <p>False positives are kept low on purpose: model ids ({@code meta-llama/llama-3.3-70b-instruct:free}),
 * URLs without credentials, hexadecimal hashes and commit ids, UUIDs, generation ids and
 * ordinary words are left as they are. A short password in free text has no shape to find; keep
 * secrets in the keys meant for them.
 */
public final class SecretShapes {
    private static final String KEY_CHARACTERS = "[A-Za-z0-9_-]";
    /** How much of a key {@link Secret#mask} shows before its ellipsis, at most: {@code sk-or-v1-}. */
    private static final int LONGEST_MASK_PREFIX = 9;
    // A masked key shows at most 9 characters before its ellipsis, too few to match again; a key
    // cut short ("sk-or-v1-0f3a9c…") still does, and is masked.
    private static final Pattern PREFIXED_KEY = Pattern.compile("(?<![A-Za-z0-9_-])(?:sk-|sk_|gsk_|xai-|hf_|r8_|pplx-"
            + "|nvapi-|npm_|gh[pousr]_|github_pat_|glpat-|xox[abposr]-)(" + KEY_CHARACTERS + "{16,})");
    private static final Pattern FIXED_SHAPE_KEY = Pattern.compile("(?<![A-Za-z0-9_-])(?:AIza" + KEY_CHARACTERS
            + "{35}|(?:AKIA|ASIA)[0-9A-Z]{16}|ya29\\.[A-Za-z0-9_-]{20,})(?![A-Za-z0-9])");
    private static final Pattern BEARER = Pattern.compile("(?i)(?<![A-Za-z])(bearer\\s+)([A-Za-z0-9._~+/=-]{8,}+)");
    private static final Pattern BASIC = Pattern.compile("(?<![A-Za-z])(Basic\\s+)([A-Za-z0-9+/]{8,}+={0,2}+)");
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "(?i)\\b([a-z][a-z0-9+.-]*://[^\\s/?#@:]*:)([^\\s/?#]+)(@)");
    private static final Pattern QUERY_PARAMETER = Pattern.compile("([?&;]([A-Za-z0-9_.-]+)=)([^&;\\s#\"'<>]+)");
    private static final Pattern JWT = Pattern.compile(
            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");
    private static final Pattern LONG_TOKEN = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z0-9]{32,}(?![A-Za-z0-9])");
    private static final List<String> SECRET_NAME_SUFFIXES =
            List.of("apikey", "token", "secret", "password", "passwd", "authorization");
    private static final List<String> SECRET_NAMES = List.of("key", "sig", "signature", "auth", "pwd");
    /** Random letters and digits switch class about 60 % of the time; words in camel case, under 40 %. */
    private static final double RANDOM_SWITCH_RATE = 0.4;

    private SecretShapes() {
    }

    /** The text with every secret-shaped part masked; text without one is returned as it is. */
    public static String mask(String text) {
        Objects.requireNonNull(text, "text is null");
        if (text.isEmpty()) {
            return text;
        }
        String result = replace(URL_PASSWORD, text, (match, in) -> match.group(1) + hide(match.group(2)) + match.group(3));
        result = replace(QUERY_PARAMETER, result, (match, in) -> namesSecret(match.group(2))
                ? match.group(1) + hide(match.group(3)) : match.group());
        result = replace(BEARER, result, (match, in) -> maskedAlready(match, in, 2) ? match.group()
                : match.group(1) + Secret.mask(match.group(2)));
        result = replace(BASIC, result, (match, in) -> maskedAlready(match, in, 2) || !looksEncoded(match.group(2))
                ? match.group() : match.group(1) + Secret.mask(match.group(2)));
        result = replace(JWT, result, (match, in) -> Secret.mask(match.group()));
        result = replace(PREFIXED_KEY, result, (match, in) -> hasDigitOrCapital(match.group(1))
                ? Secret.mask(match.group()) : match.group());
        result = replace(FIXED_SHAPE_KEY, result, (match, in) -> Secret.mask(match.group()));
        return replace(LONG_TOKEN, result, (match, in) -> looksRandom(match.group()) ? Secret.mask(match.group())
                : match.group());
    }

    private static boolean namesSecret(String name) {
        String normalized = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return SECRET_NAMES.contains(normalized) || SECRET_NAME_SUFFIXES.stream().anyMatch(normalized::endsWith);
    }

    /**
     * Hides a password or a credential parameter entirely, its length aside: unlike a key's,
     * their first characters are no harmless prefix. A value hidden already stays as it is.
     */
    private static String hide(String value) {
        return value.startsWith("…") ? value : "…(" + value.length() + " chars)";
    }

    /** Whether the group is the visible prefix of a key masked before ({@code sk-or-v1-…9f3a}). */
    private static boolean maskedAlready(Matcher match, String text, int group) {
        int end = match.end(group);
        return match.group(group).length() <= LONGEST_MASK_PREFIX && end < text.length() && text.charAt(end) == '…';
    }

    private static boolean hasDigit(String text) {
        return text.chars().anyMatch(Character::isDigit);
    }

    /** Keys are hex or mixed-case: a tail of lower-case words ({@code sk-learning-rate}) is no key. */
    private static boolean hasDigitOrCapital(String text) {
        return text.chars().anyMatch(character -> Character.isDigit(character) || Character.isUpperCase(character));
    }

    /** Base64 rather than a word: a digit, a base64 symbol, or an upper-case letter after a lower-case one. */
    private static boolean looksEncoded(String text) {
        if (hasDigit(text) || text.indexOf('+') >= 0 || text.indexOf('/') >= 0 || text.indexOf('=') >= 0) {
            return true;
        }
        for (int i = 1; i < text.length(); i++) {
            if (Character.isLowerCase(text.charAt(i - 1)) && Character.isUpperCase(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksRandom(String token) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int switches = 0;
        for (int i = 0; i < token.length(); i++) {
            char character = token.charAt(i);
            upper |= Character.isUpperCase(character);
            lower |= Character.isLowerCase(character);
            digit |= Character.isDigit(character);
            if (i > 0 && characterClass(character) != characterClass(token.charAt(i - 1))) {
                switches++;
            }
        }
        return upper && lower && digit && switches >= RANDOM_SWITCH_RATE * (token.length() - 1);
    }

    private static int characterClass(char character) {
        return Character.isUpperCase(character) ? 0 : Character.isLowerCase(character) ? 1 : 2;
    }

    private static String replace(Pattern pattern, String text, Replacement replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher, text)));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }

    /** What a match is replaced with, given the text it was found in. */
    @FunctionalInterface
    private interface Replacement {
        String apply(Matcher match, String text);
    }
}
