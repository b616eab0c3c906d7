package dev.creor.config.internal;

import java.util.List;
import java.util.Locale;

/**
 * Which config values are credentials: {@code server.token}, every request header's value (of an agent or
 * a model), and strings under {@code provider.<id>.options} whose key,
 * or the key of an object or array they sit in, names a secret. A key names a secret when,
 * ignoring case, {@code -} and {@code _}, it ends with {@code apikey}, {@code token},
 * {@code secret}, {@code password} or {@code authorization} ({@code apiKey}, {@code api_key},
 * {@code x-api-key}, {@code accessToken}, {@code clientSecret}, an {@code Authorization} header...). Redacting a harmless value costs nothing;
 * printing a key costs a rotation.
 */
public final class SecretKeys {
    /** creor serve's bearer token: whoever has it spends the providers' keys. */
    private static final List<String> SERVER_TOKEN = List.of("server", "token");
    private static final List<String> SECRET_SUFFIXES = List.of("apikey", "token", "secret", "password", "authorization");

    private SecretKeys() {
    }

    /**
     * Whether the tokens lead to the value of a request header ({@code agent.<name>.headers.<header>},
     * {@code provider.<id>.models.<model>.headers.<header>}): any header may carry a credential,
     * whatever its name, so every value is treated as one.
     */
    private static boolean isHeaderValue(List<String> tokens) {
        return tokens.size() == 4 && tokens.get(0).equals("agent") && tokens.get(2).equals("headers")
                || tokens.size() == 6 && tokens.get(0).equals("provider") && tokens.get(2).equals("models")
                && tokens.get(4).equals("headers");
    }

    /** Whether a key names a secret. */
    public static boolean isSecretKey(String key) {
        String normalized = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (String suffix : SECRET_SUFFIXES) {
            if (normalized.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the value at these pointer tokens is a secret. */
    public static boolean isSecretPath(List<String> tokens) {
        if (tokens.equals(SERVER_TOKEN) || isHeaderValue(tokens)) {
            return true;
        }
        if (tokens.size() < 4 || !tokens.get(0).equals("provider") || !tokens.get(2).equals("options")) {
            return false;
        }
        for (int i = 3; i < tokens.size(); i++) {
            if (isSecretKey(tokens.get(i))) {
                return true;
            }
        }
        return false;
    }
}
