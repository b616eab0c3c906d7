package dev.creor.settings;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets through only requests of the settings server's own page. Any web site the user visits
 * can make the browser send requests to {@code 127.0.0.1}, and a DNS-rebinding site can even
 * read the answers, so:
 * <ul>
 *   <li>{@code Host} must be {@code 127.0.0.1:PORT} or {@code localhost:PORT} (defeats DNS
 *       rebinding); {@code Origin}, when sent, the same origin; {@code Sec-Fetch-Site}, when
 *       sent, {@code same-origin} or {@code none};</li>
 *   <li>the one-time token of the URL is exchanged, once, for a session cookie
 *       ({@code HttpOnly}, {@code SameSite=Strict}) with a redirect to {@code /} that takes it
 *       out of the address bar; every other request needs the cookie;</li>
 *   <li>API requests also need the {@link SettingsServer#CSRF_HEADER} header with the token
 *       that only the page itself holds.</li>
 * </ul>
 * Every secret is compared in constant time. The guard answers the requests it refuses (and the
 * token exchange) itself; what it lets through is the transport's and the API's.
 */
final class OriginGuard {
    private static final int TOKEN_BYTES = 32;

    private final String host;
    private final String token;
    private final String session;
    private final String csrf;
    private final AtomicBoolean tokenUsed = new AtomicBoolean();
    // Set once the server listens, read by the event loop's request handlers.
    private volatile int port;

    OriginGuard(String host, SecureRandom random) {
        this.host = host;
        this.token = randomToken(random);
        this.session = randomToken(random);
        this.csrf = randomToken(random);
    }

    /** The port requests must name in their {@code Host}; called once the server listens. */
    void listeningOn(int port) {
        this.port = port;
    }

    /** The one-time token for the URL to open. */
    String urlToken() {
        return token;
    }

    /** The token the page sends in {@link SettingsServer#CSRF_HEADER}, to be written into the page. */
    String csrfToken() {
        return csrf;
    }

    /**
     * Whether the request may go on to the page's files: it comes from this server's page and
     * holds the session. Otherwise the guard has answered it (a refusal, or the token exchange).
     */
    boolean admit(HttpServerRequest request) {
        String foreign = foreignRequest(request);
        if (foreign != null) {
            HttpAnswers.text(request, 403, foreign);
            return false;
        }
        if (request.path().equals("/") && request.getParam("token") != null) {
            exchangeToken(request);
            return false;
        }
        if (!hasSession(request)) {
            HttpAnswers.text(request, 401, "This page needs the link that `creor settings` printed. Run `creor "
                    + "settings` again for a new one.");
            return false;
        }
        return true;
    }

    /** Whether an admitted request may call the API: it carries the page's CSRF token; otherwise it is answered. */
    boolean admitApiCall(HttpServerRequest request) {
        if (!matches(csrf, request.getHeader(SettingsServer.CSRF_HEADER))) {
            HttpAnswers.error(request, 403, "FORBIDDEN", "the request lacks the page's " + SettingsServer.CSRF_HEADER
                    + " header");
            return false;
        }
        return true;
    }

    /** Why the request does not come from this server's own page, or null when it does. */
    private String foreignRequest(HttpServerRequest request) {
        String named = request.getHeader("Host");
        Set<String> hosts = Set.of(host + ":" + port, "localhost:" + port);
        if (named == null || !hosts.contains(named.toLowerCase(Locale.ROOT))) {
            return "This server answers only to http://" + host + ":" + port + "/.";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + named)) {
            return "Requests from other sites are refused.";
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "Requests from other sites are refused.";
        }
        return null;
    }

    private void exchangeToken(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            HttpAnswers.text(request, 405, "Open the link in a browser.");
            return;
        }
        if (!matches(token, request.getParam("token"))) {
            HttpAnswers.text(request, 401, "This link is not valid (perhaps from an earlier run). Run `creor settings` "
                    + "again for a new one.");
            return;
        }
        boolean first = tokenUsed.compareAndSet(false, true);
        if (!first && !hasSession(request)) {
            HttpAnswers.text(request, 403, "This link has been used already, and works only once. Run `creor settings` "
                    + "again for a new one.");
            return;
        }
        request.response()
                .addCookie(Cookie.cookie(SettingsServer.SESSION_COOKIE, session).setHttpOnly(true)
                        .setSameSite(CookieSameSite.STRICT).setPath("/"))
                .putHeader("Location", "/")
                .setStatusCode(303)
                .end();
    }

    private boolean hasSession(HttpServerRequest request) {
        Cookie cookie = request.getCookie(SettingsServer.SESSION_COOKIE);
        return cookie != null && matches(session, cookie.getValue());
    }

    private static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomToken(SecureRandom random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
