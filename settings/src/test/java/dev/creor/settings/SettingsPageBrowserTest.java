package dev.creor.settings;

import static dev.creor.settings.SettingsFixture.GOOD_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.creor.core.Secret;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The settings page in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them): a person's path through the page,
 * checked on screen and in the files the page writes. Screenshots go to
 * {@code target/settings-screenshots/}.
 */
class SettingsPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "settings-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    static Path profile;

    private static WebDriver browser;

    @TempDir
    Path home;

    private SettingsFixture fixture;
    private SettingsServer server;
    private WebDriverWait wait;

    @BeforeAll
    static void startBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            System.err.println("""
                    ***********************************************************************
                    SKIPPED: the settings page's browser tests need Chromium and ChromeDriver
                    at /usr/bin/chromium and /usr/bin/chromedriver, and they are missing.
                    Install them with: apt-get install -y chromium chromium-driver
                    (.ci/run does this by itself when it can.)
                    ***********************************************************************""");
        }
        assumeTrue(present, "Chromium or ChromeDriver is missing at /usr/bin/chromium and /usr/bin/chromedriver; "
                + "install them with apt-get install -y chromium chromium-driver");
        // Selenium Manager must never go looking for a driver on the network.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-dev-shm-usage", "--window-size=1280,2700",
                "--user-data-dir=" + profile.resolve("chromium"));
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void startServer() {
        fixture = new SettingsFixture(home);
        server = SettingsServer.builder(fixture.backend()).build();
        wait = new WebDriverWait(browser, PATIENCE);
    }

    @AfterEach
    void stopServer() {
        server.close();
        fixture.close();
    }

    @Test
    void aKeyTheWhitelistAndAnAgentsModelFromEntryToRemoval() throws IOException {
        fixture.writeConfig("""
                // my Creor settings
                {
                  "model": "openrouter/openai/o3" // the default for every agent
                }
                """);
        browser.get(server.start().toString());
        assertThat(browser.getCurrentUrl()).doesNotContain("token=");
        WebElement card = waitFor(By.id("provider-openrouter"));
        assertThat(card.findElement(By.className("badge")).getText()).isEqualTo("no key");

        // A key with a space in it: refused inline, nothing stored.
        card.findElement(By.id("key-openrouter")).sendKeys("sk-or-v1-abc def");
        card.findElement(By.className("save-key")).click();
        waitForText(By.cssSelector("#provider-openrouter .message"), "the key contains white space at position 13");
        assertThat(Files.exists(fixture.authFile)).isFalse();

        // The real key: verified, stored, shown masked only.
        WebElement input = browser.findElement(By.id("key-openrouter"));
        input.clear();
        input.sendKeys(GOOD_KEY);
        browser.findElement(By.cssSelector("#provider-openrouter .save-key")).click();
        waitForText(By.cssSelector("#provider-openrouter .message"), "Saved " + Secret.mask(GOOD_KEY));
        card = browser.findElement(By.id("provider-openrouter"));
        assertThat(card.findElement(By.className("masked-key")).getText()).isEqualTo(Secret.mask(GOOD_KEY));
        assertThat(card.findElement(By.className("badge")).getText()).isEqualTo("key set");
        assertThat(browser.findElement(By.id("key-openrouter")).getAttribute("value")).isEmpty();
        assertThat(Files.readString(fixture.authFile)).contains(GOOD_KEY);
        SettingsFixture.assertNoKeyIn(browser.getPageSource());

        // Verify: label, limit, remaining credit and usage.
        card.findElement(By.className("verify-key")).click();
        waitForText(By.cssSelector("#provider-openrouter .key-label"), "Creor laptop");
        assertThat(text("#provider-openrouter .key-limit")).isEqualTo("$20 (monthly)");
        assertThat(text("#provider-openrouter .key-remaining")).isEqualTo("$12.5");
        assertThat(text("#provider-openrouter .key-usage")).isEqualTo("$7.5");
        screenshot("providers");

        // The whitelist: search, tick two models; a timeout in words is refused inline.
        waitFor(By.cssSelector("#model-list [data-model='openai/gpt-4o']"));
        search("claude son");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#model-list .model"), 1));
        tick("anthropic/claude-sonnet-4");
        search("gpt-4o");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#model-list .model"), 1));
        tick("openai/gpt-4o");
        search("");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#model-list .model"), 7));
        byte[] beforeBadTimeout = fixture.configBytes();
        WebElement timeout = browser.findElement(By.id("timeout"));
        timeout.sendKeys("10s");
        browser.findElement(By.id("save-preferences")).click();
        waitForText(By.id("preferences-message"), "the request timeout must be a whole number of milliseconds");
        assertThat(fixture.configBytes()).isEqualTo(beforeBadTimeout);

        timeout.clear();
        timeout.sendKeys("120000");
        browser.findElement(By.id("save-preferences")).click();
        waitForText(By.id("preferences-message"), "Saved to " + fixture.configFile());
        assertThat(Files.readString(fixture.configFile())).isEqualTo("""
                // my Creor settings
                {
                  "model": "openrouter/openai/o3", // the default for every agent
                  "provider": {
                    "openrouter": {
                      "whitelist": ["anthropic/claude-sonnet-4", "openai/gpt-4o"],
                      "timeout": 120000
                    }
                  }
                }
                """);

        // Reload: the page shows what the file holds.
        browser.navigate().refresh();
        waitFor(By.cssSelector("#model-list [data-model='openai/gpt-4o']"));
        assertThat(browser.findElements(By.cssSelector("#model-list input:checked")))
                .extracting(box -> box.getAttribute("value"))
                .containsExactly("anthropic/claude-sonnet-4", "openai/gpt-4o");
        assertThat(browser.findElement(By.id("timeout")).getAttribute("value")).isEqualTo("120000");

        // Agents: the picker offers the whitelisted models only; the choice lands in the file.
        WebElement plan = waitFor(By.cssSelector("tr[data-agent='plan']"));
        assertThat(plan.findElement(By.className("agent-model")).getText()).isEqualTo("openrouter/openai/o3");
        Select picker = new Select(plan.findElement(By.tagName("select")));
        assertThat(picker.getOptions()).extracting(WebElement::getText).containsExactly("openrouter/openai/o3",
                "openrouter/anthropic/claude-sonnet-4", "openrouter/openai/gpt-4o");
        picker.selectByValue("openrouter/anthropic/claude-sonnet-4");
        plan.findElement(By.tagName("button")).click();
        waitForText(By.id("agents-message"), "plan now uses openrouter/anthropic/claude-sonnet-4");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-agent='plan'] .agent-model"),
                "openrouter/anthropic/claude-sonnet-4"));
        assertThat(text("tr[data-agent='plan'] .agent-source")).isEqualTo("agent.plan.model (creor.json)");
        assertThat(Files.readString(fixture.configFile())).contains("// my Creor settings")
                .contains("\"agent\": {\n    \"plan\": {\n      \"model\": \"openrouter/anthropic/claude-sonnet-4\"\n    }\n  }");
        browser.findElement(By.cssSelector("#provider-openrouter .verify-key")).click();
        waitForText(By.cssSelector("#provider-openrouter .key-label"), "Creor laptop");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("settings");

        // Remove the key.
        browser.findElement(By.cssSelector("#provider-openrouter .remove-key")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#provider-openrouter .badge"), "no key"));
        waitForText(By.cssSelector("#provider-openrouter .message"), "removed the stored OpenRouter key");
        assertThat(Files.readString(fixture.authFile)).doesNotContain(GOOD_KEY);
        assertThat(browser.findElements(By.cssSelector("#provider-openrouter .remove-key"))).isEmpty();
        SettingsFixture.assertNoKeyIn(browser.getPageSource());
    }

    @Test
    void anAgentsRequestOptionsFromThePageToTheFile() throws IOException {
        fixture.writeConfig("""
                // my Creor settings
                {
                  "agent": {
                    "plan": {"routing": {"sort": "price"}, "headers": {"X-Team": "ops-4f9a1c2e"}}
                  }
                }
                """);
        browser.get(server.start().toString());
        waitFor(By.cssSelector("details[data-agent-options='plan'] summary")).click();
        WebElement temperature = waitFor(By.id("agent-temperature-plan"));
        assertThat(text("details[data-agent-options='plan'] ul.read-only")).contains("routing {\"sort\":\"price\"}",
                "headers [X-Team] (values hidden)").doesNotContain("ops-4f9a1c2e");
        assertThat(text("details[data-agent-options='plan'] .read-only-reason")).contains("a header may carry a credential");

        // Out of the schema's range: refused with the schema's message, the file untouched.
        byte[] before = fixture.configBytes();
        temperature.sendKeys("5");
        browser.findElement(By.id("agent-save-options-plan")).click();
        waitForText(By.cssSelector("details[data-agent-options='plan'] .message"),
                "the options of plan were not saved: /agent/plan/temperature: ");
        String refusal = text("details[data-agent-options='plan'] .message");
        assertThat(refusal).contains(fixture.sources.configErrors(
                "{\"agent\": {\"plan\": {\"temperature\": 5}}}").get(0));
        assertThat(fixture.configBytes()).isEqualTo(before);
        screenshot("agent-options-refused");

        temperature.clear();
        temperature.sendKeys("0.3");
        new Select(browser.findElement(By.id("agent-reasoning-effort-plan"))).selectByValue("high");
        new Select(browser.findElement(By.id("agent-caching-plan"))).selectByValue("auto");
        browser.findElement(By.id("agent-save-options-plan")).click();
        waitForText(By.cssSelector("details[data-agent-options='plan'] .message"), "Saved to " + fixture.configFile());
        String written = Files.readString(fixture.configFile());
        assertThat(written).startsWith("// my Creor settings").contains("\"temperature\": 0.3",
                "\"reasoning\": {\"effort\": \"high\"}", "\"caching\": \"auto\"", "\"X-Team\": \"ops-4f9a1c2e\"");

        // Reload: the form shows what the file holds.
        browser.navigate().refresh();
        waitFor(By.cssSelector("details[data-agent-options='plan'] summary")).click();
        assertThat(waitFor(By.id("agent-temperature-plan")).getAttribute("value")).isEqualTo("0.3");
        assertThat(new Select(browser.findElement(By.id("agent-reasoning-effort-plan"))).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo("high");
        assertThat(new Select(browser.findElement(By.id("agent-caching-plan"))).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo("auto");
        screenshot("agent-options");
    }

    @Test
    void offersTheSnippetWhenTheFileCannotBeEditedSafely() throws IOException {
        fixture.writeConfig("{\"provider\": {\"openrouter\": {\"whitelist\": [\n  \"openai/o3\" // for now\n]}}}\n");
        byte[] before = fixture.configBytes();
        browser.get(server.start().toString());
        waitFor(By.cssSelector("#model-list [data-model='openai/o3'] input:checked"));

        tick("openai/gpt-4o");
        browser.findElement(By.id("save-preferences")).click();

        waitForText(By.id("preferences-message"), "Creor never drops comments");
        WebElement snippet = waitFor(By.id("preferences-snippet"));
        assertThat(snippet.getText()).contains("\"whitelist\": [\"openai/o3\", \"openai/gpt-4o\"]");
        assertThat(fixture.configBytes()).isEqualTo(before);
        screenshot("refused");
    }

    @Test
    void theLinkWorksOnceAndThePageNeedsIt() {
        String url = server.start().toString();
        String withoutToken = url.substring(0, url.indexOf('?'));

        browser.manage().deleteAllCookies();
        browser.get(withoutToken);
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("needs the link that `creor settings` printed");

        browser.get(url);
        waitFor(By.id("provider-openrouter"));
        browser.manage().deleteAllCookies();
        browser.get(url);
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("has been used already");
    }

    private WebElement waitFor(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void waitForText(By locator, String text) {
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("expected \"" + text + "\" in " + locator + " but it reads \""
                    + browser.findElement(locator).getText() + "\"", e);
        }
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private void search(String query) {
        WebElement search = browser.findElement(By.id("model-search"));
        search.clear();
        search.sendKeys(query.isEmpty() ? " " : query);
        if (query.isEmpty()) {
            search.clear();
            search.sendKeys(" \b");
        }
    }

    private void tick(String modelId) {
        WebElement box = waitFor(By.cssSelector("#model-list [data-model='" + modelId + "'] input"));
        if (!box.isSelected()) {
            box.click();
        }
        assertThat(box.isSelected()).isTrue();
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

}
