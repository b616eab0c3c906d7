package dev.creor.settings;

import static dev.creor.settings.SettingsFixture.GOOD_KEY;
import static dev.creor.settings.SettingsFixture.REJECTED_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings server over loopback: its security checks, and every endpoint against real files. */
class SettingsServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private SettingsFixture fixture;
    private SettingsServer server;
    private int port;
    private String token;
    private final List<String> answers = new ArrayList<>();
    private String cookie;
    private String csrf;

    @BeforeEach
    void start() {
        fixture = new SettingsFixture(home);
        server = SettingsServer.builder(fixture.backend()).build();
        URI url = server.start();
        port = url.getPort();
        token = url.getQuery().substring("token=".length());
    }

    @AfterEach
    void stop() {
        server.close();
        fixture.close();
        // Whatever happened, no answer carried a key in clear.
        answers.forEach(SettingsFixture::assertNoKeyIn);
    }

    private RawHttp.Response send(String method, String target, Map<String, String> headers, String body)
            throws IOException {
        RawHttp.Response response = RawHttp.send(port, method, target, headers, body);
        answers.add(response.body());
        return response;
    }

    /** Opens the page as the browser does: exchanges the token for the cookie and reads the CSRF token. */
    private void login() throws IOException {
        RawHttp.Response exchange = send("GET", "/?token=" + token, Map.of(), null);
        assertThat(exchange.status()).isEqualTo(303);
        cookie = exchange.header("Set-Cookie").orElseThrow().split(";")[0];
        RawHttp.Response page = send("GET", "/", Map.of("Cookie", cookie), null);
        Matcher meta = Pattern.compile("name=\"creor-csrf\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(meta.find()).isTrue();
        csrf = meta.group(1);
    }

    private Map<String, String> page() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Cookie", cookie);
        headers.put(SettingsServer.CSRF_HEADER, csrf);
        headers.put("Origin", "http://127.0.0.1:" + port);
        headers.put("Sec-Fetch-Site", "same-origin");
        return headers;
    }

    private RawHttp.Response get(String path) throws IOException {
        return send("GET", path, page(), null);
    }

    private RawHttp.Response post(String path, String json) throws IOException {
        Map<String, String> headers = page();
        headers.put("Content-Type", "application/json");
        return send("POST", path, headers, json);
    }

    private static JsonNode json(RawHttp.Response response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static String errorCode(RawHttp.Response response) throws IOException {
        return json(response).path("error").path("code").asText();
    }

    private static String errorMessage(RawHttp.Response response) throws IOException {
        return json(response).path("error").path("message").asText();
    }

    @Nested
    class Security {
        @Test
        void theTokenIsExchangedOnceForAStrictHttpOnlyCookie() throws IOException {
            RawHttp.Response exchange = send("GET", "/?token=" + token, Map.of(), null);

            assertThat(exchange.status()).isEqualTo(303);
            assertThat(exchange.header("Location")).contains("/");
            String setCookie = exchange.header("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith(SettingsServer.SESSION_COOKIE + "=").containsIgnoringCase("HttpOnly")
                    .contains("SameSite=Strict").contains("Path=/").doesNotContain(token);

            RawHttp.Response again = send("GET", "/?token=" + token, Map.of(), null);
            assertThat(again.status()).isEqualTo(403);
            assertThat(again.body()).contains("has been used already");
        }

        @Test
        void theTokenIsLongAndRandom() {
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            SettingsServer other = SettingsServer.builder(fixture.backend()).build();
            try {
                assertThat(other.start().getQuery()).isNotEqualTo("token=" + token);
            } finally {
                other.close();
            }
        }

        @Test
        void theSameBrowserMayOpenTheLinkAgain() throws IOException {
            login();

            RawHttp.Response again = send("GET", "/?token=" + token, Map.of("Cookie", cookie), null);

            assertThat(again.status()).isEqualTo(303);
        }

        @Test
        void everyRequestNeedsTheTokenOrTheCookie() throws IOException {
            assertThat(send("GET", "/", Map.of(), null).status()).isEqualTo(401);
            assertThat(send("GET", "/settings.js", Map.of(), null).status()).isEqualTo(401);
            assertThat(send("GET", "/api/providers", Map.of(), null).status()).isEqualTo(401);
            assertThat(send("GET", "/?token=wrong", Map.of(), null).status()).isEqualTo(401);
            assertThat(send("GET", "/", Map.of("Cookie", SettingsServer.SESSION_COOKIE + "=" + token), null).status())
                    .isEqualTo(401);
            assertThat(send("GET", "/?token=", Map.of(), null).status()).isEqualTo(401);
        }

        @Test
        void apiCallsNeedThePagesCsrfToken() throws IOException {
            login();
            Map<String, String> withoutCsrf = page();
            withoutCsrf.remove(SettingsServer.CSRF_HEADER);
            Map<String, String> wrongCsrf = page();
            wrongCsrf.put(SettingsServer.CSRF_HEADER, token);

            assertThat(send("GET", "/api/providers", withoutCsrf, null).status()).isEqualTo(403);
            assertThat(send("GET", "/api/providers", wrongCsrf, null).status()).isEqualTo(403);
            assertThat(get("/api/providers").status()).isEqualTo(200);
        }

        @Test
        void refusesAnotherHostNameEvenWithTheCookie() throws IOException {
            login();
            Map<String, String> rebinding = page();
            rebinding.put("Host", "attacker.example:" + port);
            Map<String, String> otherPort = page();
            otherPort.put("Host", "127.0.0.1:" + (port == 65535 ? 1 : port + 1));

            assertThat(send("GET", "/api/providers", rebinding, null).status()).isEqualTo(403);
            assertThat(send("GET", "/?token=" + token, Map.of("Host", "attacker.example:" + port), null).status())
                    .isEqualTo(403);
            assertThat(send("GET", "/api/providers", otherPort, null).status()).isEqualTo(403);
            Map<String, String> localhost = page();
            localhost.put("Host", "localhost:" + port);
            localhost.put("Origin", "http://localhost:" + port);
            assertThat(send("GET", "/api/providers", localhost, null).status()).isEqualTo(200);
        }

        @Test
        void refusesRequestsFromOtherOrigins() throws IOException {
            login();
            Map<String, String> foreign = page();
            foreign.put("Origin", "https://evil.example");
            foreign.put("Content-Type", "application/json");
            Map<String, String> crossSite = page();
            crossSite.remove("Origin");
            crossSite.put("Sec-Fetch-Site", "cross-site");
            Map<String, String> nullOrigin = page();
            nullOrigin.put("Origin", "null");

            assertThat(send("POST", "/api/providers/openrouter/key", foreign, "{\"key\": \"" + GOOD_KEY + "\"}").status())
                    .isEqualTo(403);
            assertThat(send("GET", "/api/providers", crossSite, null).status()).isEqualTo(403);
            assertThat(send("GET", "/api/providers", nullOrigin, null).status()).isEqualTo(403);
            assertThat(Files.exists(fixture.authFile)).isFalse();
        }

        @Test
        void changesNeedPost() throws IOException {
            login();

            RawHttp.Response response = get("/api/providers/openrouter/key/remove");

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).contains("POST");
            assertThat(get("/api/agents/plan/model").status()).isEqualTo(405);
            assertThat(post("/api/providers", "{}").status()).isEqualTo(405);
        }

        @Test
        void changesNeedAJsonBody() throws IOException {
            login();
            Map<String, String> form = page();
            form.put("Content-Type", "application/x-www-form-urlencoded");

            assertThat(send("POST", "/api/providers/openrouter/key", form, "key=" + GOOD_KEY).status()).isEqualTo(415);
            assertThat(post("/api/providers/openrouter/key", "{not json").status()).isEqualTo(400);
            assertThat(post("/api/providers/openrouter/key", "[]").status()).isEqualTo(400);
            assertThat(post("/api/providers/openrouter/key", "x".repeat(300 * 1024)).status()).isEqualTo(413);
            assertThat(Files.exists(fixture.authFile)).isFalse();
        }

        @Test
        void everyAnswerForbidsCachingFramingAndInlineScripts() throws IOException {
            login();

            for (RawHttp.Response response : List.of(get("/"), get("/settings.js"), get("/api/providers"),
                    send("GET", "/", Map.of(), null), get("/nothing-here"))) {
                assertThat(response.header("Cache-Control")).contains("no-store");
                assertThat(response.header("X-Frame-Options")).contains("DENY");
                assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
                assertThat(response.header("Content-Security-Policy").orElseThrow())
                        .contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline");
            }
        }

        @Test
        void thePageHasNoInlineScriptAndLoadsNothingFromElsewhere() throws IOException {
            login();

            String page = get("/").body();

            assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page).find()).isFalse();
            assertThat(page).doesNotContain("http://").doesNotContain("https://");
            assertThat(Pattern.compile("\\son[a-z]+=").matcher(page).find()).as("an inline event handler").isFalse();
            assertThat(get("/settings.js").header("Content-Type")).contains("text/javascript; charset=utf-8");
            assertThat(get("/settings.css").header("Content-Type")).contains("text/css; charset=utf-8");
        }

        @Test
        void listensOnLoopbackOnlyAndFreesThePortWhenClosed() throws IOException {
            assertThat(server.url().getHost()).isEqualTo("127.0.0.1");

            server.close();
            server.close();

            try (Socket socket = new Socket("127.0.0.1", port)) {
                throw new AssertionError("the port is still open: " + socket);
            } catch (ConnectException closed) {
                assertThat(closed).hasMessageContaining("refused");
            }
        }

        @Test
        void aPortInUseIsAClearError() {
            SettingsServer second = SettingsServer.builder(fixture.backend()).port(port).build();

            org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                    .isInstanceOfSatisfying(dev.creor.core.CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(dev.creor.core.ErrorCode.IO_ERROR);
                        assertThat(error.getMessage()).startsWith("the settings page could not listen on 127.0.0.1:"
                                + port);
                        assertThat(error.hint()).contains("choose another --port, or leave it out to use a free one");
                    });
        }
    }

    @Nested
    class Keys {
        @BeforeEach
        void open() throws IOException {
            login();
        }

        @Test
        void listsEveryProviderWithItsKeyStatus() throws IOException {
            fixture.environment.put("OPENROUTER_API_KEY", GOOD_KEY);

            JsonNode providers = json(get("/api/providers"));

            assertThat(providers.path("storeLocation").asText()).isEqualTo(fixture.authFile.toString());
            JsonNode openrouter = providers.path("providers").get(1);
            assertThat(openrouter.path("id").asText()).isEqualTo("openrouter");
            assertThat(openrouter.path("maskedKey").asText()).isEqualTo(Secret.mask(GOOD_KEY));
            assertThat(openrouter.path("source").path("description").asText())
                    .isEqualTo("environment variable OPENROUTER_API_KEY");
            assertThat(openrouter.path("keyStored").asBoolean()).isFalse();
            assertThat(openrouter.path("canVerify").asBoolean()).isTrue();
            JsonNode local = providers.path("providers").get(0);
            assertThat(local.path("keyRequired").asBoolean()).isFalse();
            assertThat(local.path("maskedKey").isNull()).isTrue();
        }

        @Test
        void savesAVerifiedKeyAndAnswersWithItMasked() throws IOException {
            RawHttp.Response response = post("/api/providers/openrouter/key", "{\"key\": \"  " + GOOD_KEY + "\\n\"}");

            assertThat(response.status()).isEqualTo(200);
            JsonNode saved = json(response);
            assertThat(saved.path("maskedKey").asText()).isEqualTo(Secret.mask(GOOD_KEY));
            assertThat(saved.path("verification").path("status").asText()).isEqualTo("verified");
            assertThat(saved.path("verification").path("info").path("label").asText()).isEqualTo("Creor laptop");
            assertThat(saved.path("verification").path("info").path("limitRemaining").asText()).isEqualTo("12.5");
            assertThat(saved.path("provider").path("source").path("kind").asText()).isEqualTo("store");
            assertThat(saved.path("provider").path("keyStored").asBoolean()).isTrue();
            assertThat(Files.readString(fixture.authFile)).contains(GOOD_KEY);
        }

        @Test
        void savesWithoutVerifyingWhenAsked() throws IOException {
            fixture.providerReachable = false;

            JsonNode saved = json(post("/api/providers/openrouter/key",
                    "{\"key\": \"" + REJECTED_KEY + "\", \"verify\": false}"));

            assertThat(saved.path("verification").path("status").asText()).isEqualTo("skipped");
            assertThat(fixture.inspected).isEmpty();
        }

        @Test
        void refusesBadKeysAndWritesNothing() throws IOException {
            RawHttp.Response empty = post("/api/providers/openrouter/key", "{\"key\": \"   \"}");
            RawHttp.Response spaced = post("/api/providers/openrouter/key",
                    "{\"key\": \"" + GOOD_KEY.substring(0, 20) + " " + GOOD_KEY.substring(20) + "\"}");
            RawHttp.Response rejected = post("/api/providers/openrouter/key", "{\"key\": \"" + REJECTED_KEY + "\"}");
            RawHttp.Response missing = post("/api/providers/openrouter/key", "{\"verify\": true}");
            RawHttp.Response unknown = post("/api/providers/openrouterx/key", "{\"key\": \"" + GOOD_KEY + "\"}");

            assertThat(empty.status()).isEqualTo(400);
            assertThat(errorCode(empty)).isEqualTo("AUTH_MISSING");
            assertThat(errorMessage(empty)).isEqualTo("the key is empty");
            assertThat(spaced.status()).isEqualTo(400);
            assertThat(errorMessage(spaced)).isEqualTo("the key contains white space at position 21");
            assertThat(rejected.status()).isEqualTo(400);
            assertThat(errorCode(rejected)).isEqualTo("AUTH_INVALID");
            assertThat(errorMessage(rejected)).startsWith("OpenRouter rejected the key " + Secret.mask(REJECTED_KEY));
            assertThat(missing.status()).isEqualTo(400);
            assertThat(errorMessage(missing)).isEqualTo("the request needs the key as text in \"key\"");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(errorMessage(unknown)).contains("no provider called \"openrouterx\" is installed")
                    .contains("did you mean openrouter?");
            assertThat(Files.exists(fixture.authFile)).isFalse();
        }

        @Test
        void verifiesTheKeyInEffect() throws IOException {
            post("/api/providers/openrouter/key", "{\"key\": \"" + GOOD_KEY + "\", \"verify\": false}");

            RawHttp.Response response = post("/api/providers/openrouter/key/verify", "{}");

            assertThat(response.status()).isEqualTo(200);
            JsonNode check = json(response);
            assertThat(check.path("maskedKey").asText()).isEqualTo(Secret.mask(GOOD_KEY));
            assertThat(check.path("info").path("label").asText()).isEqualTo("Creor laptop");
            assertThat(check.path("info").path("limit").asText()).isEqualTo("20");
            assertThat(check.path("info").path("limitRemaining").asText()).isEqualTo("12.5");
            assertThat(check.path("info").path("usage").asText()).isEqualTo("7.5");
        }

        @Test
        void verifyingSaysWhatWentWrong() throws IOException {
            RawHttp.Response none = post("/api/providers/openrouter/key/verify", "{}");
            fixture.environment.put("OPENROUTER_API_KEY", REJECTED_KEY);
            RawHttp.Response rejected = post("/api/providers/openrouter/key/verify", "{}");
            fixture.environment.put("OPENROUTER_API_KEY", GOOD_KEY);
            fixture.providerReachable = false;
            RawHttp.Response unreachable = post("/api/providers/openrouter/key/verify", "{}");
            RawHttp.Response notOffered = post("/api/providers/local/key/verify", "{}");

            assertThat(none.status()).isEqualTo(400);
            assertThat(errorCode(none)).isEqualTo("AUTH_MISSING");
            assertThat(errorCode(rejected)).isEqualTo("AUTH_INVALID");
            assertThat(errorMessage(rejected)).isEqualTo("OpenRouter rejected the key " + Secret.mask(REJECTED_KEY)
                    + ": No auth credentials found");
            assertThat(unreachable.status()).isEqualTo(502);
            assertThat(errorMessage(unreachable)).isEqualTo("could not ask OpenRouter about the key: OpenRouter answered 503");
            assertThat(errorMessage(notOffered)).isEqualTo("Local echo offers no way to check a key");
        }

        @Test
        void removesTheStoredKeyAndSaysWhatStillSuppliesOne() throws IOException {
            post("/api/providers/openrouter/key", "{\"key\": \"" + GOOD_KEY + "\"}");
            fixture.environment.put("OPENROUTER_API_KEY", REJECTED_KEY);

            RawHttp.Response response = post("/api/providers/openrouter/key/remove", "{}");

            assertThat(response.status()).isEqualTo(200);
            JsonNode removed = json(response);
            assertThat(removed.path("removed").asBoolean()).isTrue();
            assertThat(removed.path("provider").path("keyStored").asBoolean()).isFalse();
            assertThat(removed.path("messages").get(1).asText())
                    .startsWith("the environment variable OPENROUTER_API_KEY (" + Secret.mask(REJECTED_KEY) + ")");
            assertThat(Files.readString(fixture.authFile)).doesNotContain(GOOD_KEY);
        }
    }

    @Nested
    class OpenRouterSettings {
        @BeforeEach
        void open() throws IOException {
            login();
        }

        @Test
        void listsAndSearchesTheModels() throws IOException {
            JsonNode all = json(get("/api/providers/openrouter/models"));
            JsonNode claude = json(get("/api/providers/openrouter/models?q=Claude%20son"));

            assertThat(all.path("total").asInt()).isEqualTo(7);
            assertThat(all.path("models")).hasSize(7);
            assertThat(claude.path("models")).hasSize(1);
            JsonNode sonnet = claude.path("models").get(0);
            assertThat(sonnet.path("id").asText()).isEqualTo("anthropic/claude-sonnet-4");
            assertThat(sonnet.path("name").asText()).isEqualTo("Anthropic: Claude Sonnet 4");
            assertThat(sonnet.path("contextLength").asLong()).isEqualTo(200_000);
            assertThat(sonnet.path("inputPricePerMillion").asText()).isEqualTo("3");
            assertThat(sonnet.path("outputPricePerMillion").asText()).isEqualTo("15");
            assertThat(get("/api/providers/local/models").status()).isEqualTo(400);
        }

        @Test
        void savesTheWhitelistAndTimeoutKeepingCommentsAndOtherKeys() throws IOException {
            fixture.writeConfig("""
                    {
                      // my default
                      "model": "openrouter/openai/o3",
                      "provider": {
                        "openrouter": { "chunkTimeout": 30000 }
                      }
                    }
                    """);

            RawHttp.Response response = post("/api/providers/openrouter/preferences",
                    "{\"whitelist\": [\"anthropic/claude-sonnet-4\", \"openai/*\"], \"timeout\": \"120000\"}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(json(response).path("saved").asBoolean()).isTrue();
            assertThat(Files.readString(fixture.configFile())).isEqualTo("""
                    {
                      // my default
                      "model": "openrouter/openai/o3",
                      "provider": {
                        "openrouter": { "chunkTimeout": 30000, "whitelist": ["anthropic/claude-sonnet-4", "openai/*"], \
                    "timeout": 120000 }
                      }
                    }
                    """);
            JsonNode preferences = json(get("/api/providers/openrouter/preferences"));
            assertThat(preferences.path("whitelist").toString()).isEqualTo("[\"anthropic/claude-sonnet-4\",\"openai/*\"]");
            assertThat(preferences.path("timeout").asLong()).isEqualTo(120000);
            assertThat(preferences.path("file").asText()).isEqualTo(fixture.configFile().toString());
        }

        @Test
        void createsTheGlobalFileAndClearsSettingsAgain() throws IOException {
            post("/api/providers/openrouter/preferences", "{\"whitelist\": [\"openai/o3\"], \"timeout\": false}");
            assertThat(json(get("/api/providers/openrouter/preferences")).path("timeout").asBoolean(true)).isFalse();

            RawHttp.Response cleared = post("/api/providers/openrouter/preferences", "{\"whitelist\": [], \"timeout\": null}");

            assertThat(cleared.status()).isEqualTo(200);
            assertThat(Files.readString(fixture.configFile())).isEqualTo("{\n  \"provider\": {\n    \"openrouter\": {\n"
                    + "    }\n  }\n}\n");
            JsonNode preferences = json(get("/api/providers/openrouter/preferences"));
            assertThat(preferences.path("whitelist")).isEmpty();
            assertThat(preferences.path("timeout").isNull()).isTrue();
        }

        @Test
        void refusesBadEntriesAndTimeoutsAndWritesNothing() throws IOException {
            fixture.writeConfig("{\n  \"model\": \"openrouter/openai/o3\" // mine\n}\n");
            byte[] before = fixture.configBytes();

            RawHttp.Response spaced = post("/api/providers/openrouter/preferences", "{\"whitelist\": [\"openai/gpt 4o\"]}");
            RawHttp.Response notAnId = post("/api/providers/openrouter/preferences", "{\"whitelist\": [\"openai/\\\"x\"]}");
            RawHttp.Response unknown = post("/api/providers/openrouter/preferences",
                    "{\"whitelist\": [\"anthropic/claude-sonet-4\"]}");
            RawHttp.Response prefixed = post("/api/providers/openrouter/preferences",
                    "{\"whitelist\": [\"openrouter/openai/o3\"]}");
            RawHttp.Response words = post("/api/providers/openrouter/preferences", "{\"timeout\": \"10s\"}");
            RawHttp.Response negative = post("/api/providers/openrouter/preferences", "{\"timeout\": -5}");
            RawHttp.Response tooLong = post("/api/providers/openrouter/preferences", "{\"timeout\": 86400001}");
            RawHttp.Response notAList = post("/api/providers/openrouter/preferences", "{\"whitelist\": \"openai/*\"}");

            assertThat(List.of(spaced, notAnId, unknown, prefixed, words, negative, tooLong, notAList))
                    .allSatisfy(response -> assertThat(response.status()).isEqualTo(400));
            assertThat(errorMessage(spaced)).isEqualTo("the whitelist has \"openai/gpt 4o\", which contains white space");
            assertThat(errorMessage(notAnId)).isEqualTo("the whitelist has \"openai/\"x\", which is not a model id");
            assertThat(errorCode(unknown)).isEqualTo("MODEL_NOT_FOUND");
            assertThat(errorMessage(unknown)).isEqualTo("\"anthropic/claude-sonet-4\" is not a model of OpenRouter "
                    + "(did you mean \"anthropic/claude-sonnet-4\" or \"anthropic/claude-opus-4\"?)");
            assertThat(json(prefixed).path("error").path("hint").asText()).contains("\"openai/o3\"");
            assertThat(errorMessage(words)).isEqualTo("the request timeout must be a whole number of milliseconds from 1 "
                    + "to 86400000, or no limit; got \"10s\"");
            assertThat(errorMessage(negative)).endsWith("got -5");
            assertThat(errorMessage(notAList)).isEqualTo("\"whitelist\" must be a list of model ids");
            assertThat(fixture.configBytes()).isEqualTo(before);
        }

        @Test
        void offersTheSnippetWhenACommentWouldBeLost() throws IOException {
            fixture.writeConfig("{\"provider\": {\"openrouter\": {\"whitelist\": [\n  \"openai/*\" // for now\n]}}}\n");
            byte[] before = fixture.configBytes();

            RawHttp.Response response = post("/api/providers/openrouter/preferences",
                    "{\"whitelist\": [\"openai/o3\"], \"timeout\": 60000}");

            assertThat(response.status()).isEqualTo(409);
            JsonNode body = json(response);
            assertThat(body.path("saved").asBoolean()).isFalse();
            assertThat(body.path("error").path("code").asText()).isEqualTo("NOT_WRITTEN");
            assertThat(body.path("error").path("message").asText()).contains("Creor never drops comments");
            assertThat(body.path("error").path("snippet").asText()).contains("\"whitelist\": [\"openai/o3\"]")
                    .contains("\"timeout\": 60000");
            assertThat(fixture.configBytes()).isEqualTo(before);
        }

        @Test
        void warnsWhenTheCatalogCannotCheckOrAHigherSourceDecides() throws IOException {
            fixture.sources.catalogsReachable(false);
            fixture.sources.overriddenAt("/provider/openrouter/whitelist", "/work/project/creor.json:4:20");

            JsonNode saved = json(post("/api/providers/openrouter/preferences", "{\"whitelist\": [\"openai/o3\"]}"));

            assertThat(saved.path("saved").asBoolean()).isTrue();
            assertThat(saved.path("warnings").toString())
                    .contains("the ids were not checked against the models of OpenRouter, which could not be listed")
                    .contains("provider.openrouter.whitelist is also set in /work/project/creor.json:4:20, which takes "
                            + "precedence over the global config file");
            assertThat(json(get("/api/providers/openrouter/preferences")).path("notes").toString())
                    .contains("/work/project/creor.json:4:20");
        }
    }

    @Nested
    class Agents {
        @BeforeEach
        void open() throws IOException {
            login();
        }

        @Test
        void listsAgentsWithTheirModelsAndTheAllowedModels() throws IOException {
            fixture.writeConfig("{\"model\": \"openrouter/openai/o3\", \"provider\": {\"openrouter\": "
                    + "{\"whitelist\": [\"openai/*\", \"anthropic/claude-sonnet-4\"]}}}");

            JsonNode overview = json(get("/api/agents"));

            assertThat(overview.path("agents").findValuesAsText("name")).startsWith("build", "plan", "explore");
            JsonNode plan = overview.path("agents").get(1);
            assertThat(plan.path("model").asText()).isEqualTo("openrouter/openai/o3");
            assertThat(plan.path("source").asText()).isEqualTo("top-level");
            assertThat(plan.path("decidedBy").asText()).isEqualTo("top-level model (creor.json)");
            assertThat(overview.path("allowedModels").toString()).isEqualTo("[\"openrouter/anthropic/claude-sonnet-4\","
                    + "\"openrouter/openai/gpt-4o\",\"openrouter/openai/o3\"]");
        }

        @Test
        void setsAnAgentsModelInTheGlobalFile() throws IOException {
            RawHttp.Response response = post("/api/agents/plan/model", "{\"model\": \"openrouter/openai/o3\"}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(json(response).path("created").asBoolean()).isTrue();
            assertThat(Files.readString(fixture.configFile())).isEqualTo(
                    "{\n  \"agent\": {\n    \"plan\": {\n      \"model\": \"openrouter/openai/o3\"\n    }\n  }\n}\n");
            JsonNode plan = json(get("/api/agents")).path("agents").get(1);
            assertThat(plan.path("model").asText()).isEqualTo("openrouter/openai/o3");
            assertThat(plan.path("decidedBy").asText()).isEqualTo("agent.plan.model (creor.json)");
        }

        @Test
        void refusesModelsThatAreNotAllowedOrDoNotExistAndWritesNothing() throws IOException {
            fixture.writeConfig("{\"provider\": {\"openrouter\": {\"whitelist\": [\"openai/*\"]}}}");
            byte[] before = fixture.configBytes();

            RawHttp.Response notAllowed = post("/api/agents/plan/model", "{\"model\": \"openrouter/anthropic/claude-sonnet-4\"}");
            RawHttp.Response unknownModel = post("/api/agents/plan/model", "{\"model\": \"openrouter/openai/gpt-5o\"}");
            RawHttp.Response malformed = post("/api/agents/plan/model", "{\"model\": \"gpt-4o\"}");
            RawHttp.Response unknownAgent = post("/api/agents/plann/model", "{\"model\": \"openrouter/openai/o3\"}");
            RawHttp.Response unknownProvider = post("/api/agents/plan/model", "{\"model\": \"anthropic/claude-sonnet-4\"}");

            assertThat(errorCode(notAllowed)).isEqualTo("MODEL_NOT_ALLOWED");
            assertThat(errorMessage(notAllowed)).isEqualTo("openrouter/anthropic/claude-sonnet-4 is not allowed for "
                    + "OpenRouter: \"anthropic/claude-sonnet-4\" is not on the whitelist [openai/*]");
            assertThat(errorCode(unknownModel)).isEqualTo("MODEL_NOT_FOUND");
            assertThat(errorCode(malformed)).isEqualTo("CONFIG_INVALID");
            assertThat(errorMessage(unknownAgent)).isEqualTo("there is no agent called \"plann\" (did you mean \"plan\"?)");
            assertThat(errorMessage(unknownProvider)).startsWith("no provider called \"anthropic\" is installed");
            assertThat(List.of(notAllowed, unknownModel, malformed, unknownAgent, unknownProvider))
                    .allSatisfy(response -> assertThat(response.status()).isEqualTo(400));
            assertThat(fixture.configBytes()).isEqualTo(before);
        }

        @Test
        void aKeyPastedAsTheModelIsMaskedInTheErrorThatQuotesIt() throws IOException {
            String pasted = "sk-or-v1-" + "7c1d3e5f6a8b".repeat(5) + "9f3a";

            RawHttp.Response refused = post("/api/agents/plan/model", "{\"model\": \"openrouter/" + pasted + "\"}");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(errorMessage(refused)).isEqualTo("\"sk-or-v1-…9f3a\" is not a model of OpenRouter");
        }
    }

    @Nested
    class AgentOptionsApi {
        @BeforeEach
        void open() throws IOException {
            login();
        }

        @Test
        void writesAnAgentsOptionsInOneReplacementKeepingCommentsAndItsOtherKeys() throws IOException {
            fixture.writeConfig("""
                    // mine
                    {
                      "agent": {
                        "plan": { "model": "openrouter/openai/o3", "caching": "none" } // planning
                      }
                    }
                    """);

            RawHttp.Response saved = post("/api/agents/plan/options", "{\"temperature\": 0.3, \"maxTokens\": 4000,"
                    + " \"reasoning\": {\"effort\": \"high\", \"exclude\": true}, \"caching\": null}");

            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(Files.readString(fixture.configFile())).isEqualTo("""
                    // mine
                    {
                      "agent": {
                        "plan": { "model": "openrouter/openai/o3", "temperature": 0.3, "maxTokens": 4000, "reasoning": {"effort": "high", "exclude": true}  } // planning
                      }
                    }
                    """);
            JsonNode options = json(get("/api/agents/plan/options"));
            assertThat(options.path("values").toString())
                    .isEqualTo("{\"temperature\":0.3,\"maxTokens\":4000,\"reasoning\":{\"effort\":\"high\",\"exclude\":true}}");
            assertThat(options.path("editable").toString()).isEqualTo("[\"temperature\",\"maxTokens\",\"reasoning\",\"caching\"]");
            assertThat(options.path("file").asText()).isEqualTo(fixture.configFile().toString());
        }

        @Test
        void emptyOptionsRemoveTheKeysAgain() throws IOException {
            post("/api/agents/build/options", "{\"temperature\": 1, \"caching\": \"auto\"}");
            assertThat(Files.readString(fixture.configFile())).contains("\"temperature\": 1", "\"caching\": \"auto\"");

            RawHttp.Response cleared = post("/api/agents/build/options", "{\"temperature\": null, \"maxTokens\": null,"
                    + " \"reasoning\": null, \"caching\": null}");

            assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
            assertThat(Files.readString(fixture.configFile())).doesNotContain("temperature", "caching");
            assertThat(json(get("/api/agents/build/options")).path("values").size()).isZero();
        }

        @Test
        void refusesWhatTheSchemaRefusesWithItsMessageAndWritesNothing() throws IOException {
            fixture.writeConfig("{\"agent\": {\"plan\": {\"temperature\": 0.5}}}\n");
            byte[] before = fixture.configBytes();

            Map<String, String> refused = Map.of(
                    "{\"temperature\": 5}", "/agent/plan/temperature",
                    "{\"temperature\": \"hot\"}", "/agent/plan/temperature",
                    "{\"maxTokens\": 0}", "/agent/plan/maxTokens",
                    "{\"reasoning\": {\"effort\": \"extreme\"}}", "/agent/plan/reasoning/effort",
                    "{\"reasoning\": {\"effort\": \"high\", \"maxTokens\": 100}}", "/agent/plan/reasoning",
                    "{\"caching\": \"sometimes\"}", "/agent/plan/caching");
            refused.forEach((body, pointer) -> {
                try {
                    RawHttp.Response response = post("/api/agents/plan/options", body);

                    assertThat(response.status()).as(body + " → " + response.body()).isEqualTo(400);
                    assertThat(errorCode(response)).isEqualTo("CONFIG_INVALID");
                    assertThat(errorMessage(response)).as(body).startsWith("the options of plan were not saved: " + pointer);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(fixture.configBytes()).isEqualTo(before);
        }

        @Test
        void showsRoutingAndHeaderNamesReadOnlyAndRefusesToWriteThem() throws IOException {
            fixture.writeConfig("{\"agent\": {\"build\": {\"routing\": {\"sort\": \"price\"},"
                    + " \"headers\": {\"X-Team\": \"ops-4f9a1c2e\"}}}}\n");
            byte[] before = fixture.configBytes();

            JsonNode options = json(get("/api/agents/build/options"));
            RawHttp.Response routing = post("/api/agents/build/options", "{\"routing\": {\"sort\": \"latency\"}}");
            RawHttp.Response headers = post("/api/agents/build/options", "{\"headers\": {\"X-Team\": \"other\"}}");
            RawHttp.Response other = post("/api/agents/build/options", "{\"prompt\": \"Be terse\"}");
            RawHttp.Response unknownAgent = post("/api/agents/biuld/options", "{\"temperature\": 1}");

            assertThat(options.path("readOnly").toString()).contains("routing {\\\"sort\\\":\\\"price\\\"}",
                    "headers [X-Team] (values hidden)").doesNotContain("ops-4f9a1c2e");
            assertThat(options.path("readOnlyReason").asText()).contains("only a config file you trust");
            assertThat(options.path("values").size()).isZero();
            assertThat(errorMessage(routing)).startsWith("the settings page does not write agent.build.routing");
            assertThat(errorMessage(headers)).startsWith("the settings page does not write agent.build.headers");
            assertThat(errorMessage(other)).contains("not \"prompt\"");
            assertThat(errorMessage(unknownAgent)).isEqualTo("there is no agent called \"biuld\" (did you mean \"build\"?)");
            assertThat(List.of(routing, headers, other, unknownAgent))
                    .allSatisfy(response -> assertThat(response.status()).isEqualTo(400));
            assertThat(fixture.configBytes()).isEqualTo(before);
        }

        @Test
        void warnsWhenAHigherSourceSetsTheSameOption() throws IOException {
            fixture.sources.overriddenAt("/agent/plan/temperature", "/work/project/creor.json:3:20");

            RawHttp.Response saved = post("/api/agents/plan/options", "{\"temperature\": 0.2}");

            assertThat(json(saved).path("warnings").toString()).contains("agent.plan.temperature is also set in"
                    + " /work/project/creor.json:3:20");
            assertThat(json(get("/api/agents/plan/options")).path("notes").toString())
                    .contains("/work/project/creor.json:3:20");
        }
    }
}
