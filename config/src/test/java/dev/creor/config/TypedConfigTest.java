package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedConfigTest {
    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void readsEveryCoreKey() {
        fixture.project("creor.json", """
                {
                  "$schema": "https://creor.dev/config.json",
                  "model": "openrouter/anthropic/claude-sonnet-4",
                  "fallbacks": ["openrouter/openai/gpt-4o", "openrouter/openrouter/auto"],
                  "agent": {
                    "build": {"model": "openrouter/anthropic/claude-sonnet-4", "fallbacks": [], "temperature": 0,
                              "top_p": 0.9, "maxTokens": 4096, "prompt": "Build.", "description": "builds", "disable": false},
                    "explore": {"disable": true}
                  },
                  "provider": {
                    "openrouter": {
                      "options": {"apiKey": "sk-or-v1-abcdefabcdefabcdef", "baseURL": "https://openrouter.ai/api/v1"},
                      "whitelist": ["anthropic/*", "openai/*"],
                      "blacklist": ["openai/o1"],
                      "timeout": 600000,
                      "chunkTimeout": 60000,
                      "connectTimeout": 5000,
                      "retry": {"maxAttempts": 4, "initialBackoffMs": 250, "maxBackoffMs": 8000, "maxRetryAfterMs": 30000},
                      "circuitBreaker": {"failureThreshold": 3, "cooldownMs": 15000},
                      "concurrency": {"maxConcurrent": 8, "maxQueued": 0},
                      "routing": {"sort": "price", "allowFallbacks": true}
                    }
                  },
                  "disabled_providers": ["echo"],
                  "enabled_providers": ["openrouter"]
                }
                """);

        CreorConfig config = fixture.load().config();

        assertThat(config.model()).contains(new ModelRef("openrouter", "anthropic/claude-sonnet-4"));
        assertThat(config.fallbacks()).containsExactly(ModelRef.parse("openrouter/openai/gpt-4o"),
                new ModelRef("openrouter", "openrouter/auto"));
        AgentConfig build = config.agent("build").orElseThrow();
        assertThat(build.name()).isEqualTo("build");
        assertThat(build.model()).contains(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"));
        assertThat(build.fallbacks()).contains(List.of());
        assertThat(build.temperature()).hasValue(0.0);
        assertThat(build.topP()).hasValue(0.9);
        assertThat(build.maxTokens()).hasValue(4096);
        assertThat(build.prompt()).contains("Build.");
        assertThat(build.description()).contains("builds");
        assertThat(build.disabled()).isFalse();
        AgentConfig explore = config.agent("explore").orElseThrow();
        assertThat(explore.disabled()).isTrue();
        assertThat(explore.model()).isEmpty();
        assertThat(explore.fallbacks()).as("not set here, so inherited").isEmpty();
        assertThat(explore.temperature()).isEmpty();

        ProviderConfig openrouter = config.provider("openrouter").orElseThrow();
        assertThat(openrouter.id()).isEqualTo("openrouter");
        assertThat(openrouter.apiKey()).contains(Secret.of("sk-or-v1-abcdefabcdefabcdef"));
        assertThat(openrouter.options()).containsEntry("baseURL", "https://openrouter.ai/api/v1");
        assertThat(openrouter.modelFilter().allows("anthropic/claude-sonnet-4")).isTrue();
        assertThat(openrouter.modelFilter().allows("openai/o1")).isFalse();
        assertThat(openrouter.modelFilter().allows("google/gemini-2.5-flash")).isFalse();
        assertThat(openrouter.timeout()).contains(TimeLimit.of(Duration.ofMinutes(10)));
        assertThat(openrouter.chunkTimeout()).contains(Duration.ofSeconds(60));
        assertThat(openrouter.connectTimeout()).contains(Duration.ofSeconds(5));
        RetrySettings retry = openrouter.retry().orElseThrow();
        assertThat(retry.maxAttempts()).hasValue(4);
        assertThat(retry.initialBackoff()).contains(Duration.ofMillis(250));
        assertThat(retry.maxBackoff()).contains(Duration.ofSeconds(8));
        assertThat(retry.maxRetryAfter()).contains(Duration.ofSeconds(30));
        assertThat(openrouter.circuitBreaker().orElseThrow().failureThreshold()).hasValue(3);
        assertThat(openrouter.circuitBreaker().orElseThrow().cooldown()).contains(Duration.ofSeconds(15));
        assertThat(openrouter.concurrency().orElseThrow().maxConcurrent()).hasValue(8);
        assertThat(openrouter.concurrency().orElseThrow().maxQueued()).hasValue(0);
        assertThat(openrouter.routing()).isEqualTo(Map.of("sort", "price", "allowFallbacks", true));
        assertThat(config.disabledProviders()).containsExactly("echo");
        assertThat(config.enabledProviders()).contains(List.of("openrouter"));
        assertThat(config.isProviderEnabled("openrouter")).isTrue();
        assertThat(config.isProviderEnabled("echo")).isFalse();
        assertThat(config.asMap()).containsKeys("$schema", "model", "agent", "provider");
    }

    @Test
    void absentSettingsAreAbsentNotDefaulted() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {}}}");

        CreorConfig config = fixture.load().config();

        ProviderConfig openrouter = config.provider("openrouter").orElseThrow();
        assertThat(openrouter.options()).isEmpty();
        assertThat(openrouter.apiKey()).isEmpty();
        assertThat(openrouter.timeout()).isEmpty();
        assertThat(openrouter.chunkTimeout()).isEmpty();
        assertThat(openrouter.retry()).isEmpty();
        assertThat(openrouter.circuitBreaker()).isEmpty();
        assertThat(openrouter.concurrency()).isEmpty();
        assertThat(openrouter.modelFilter().allows("anything/at-all")).isTrue();
        assertThat(config.model()).isEmpty();
        assertThat(config.fallbacks()).isEmpty();
        assertThat(config.enabledProviders()).isEmpty();
        assertThat(config.isProviderEnabled("openrouter")).isTrue();
        assertThat(config.agent("build")).isEmpty();
        assertThat(config.provider("echo")).isEmpty();
    }

    @Test
    void aPartialRetrySectionLeavesTheOtherSettingsToTheRouter() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"retry\": {\"maxAttempts\": 1}, \"timeout\": false}}}");

        ProviderConfig openrouter = fixture.load().config().provider("openrouter").orElseThrow();

        assertThat(openrouter.retry().orElseThrow().maxAttempts()).hasValue(1);
        assertThat(openrouter.retry().orElseThrow().initialBackoff()).isEmpty();
        assertThat(openrouter.timeout().orElseThrow().isDisabled()).isTrue();
        assertThat(openrouter.timeout().orElseThrow().duration()).isEmpty();
    }

    @Test
    void theTypedValuesAreImmutable() {
        fixture.project("creor.json", "{\"fallbacks\": [\"openrouter/a/b\"], \"provider\": {\"openrouter\": {\"options\": {\"x\": [1]}}}}");
        fixture.env("UNUSED", "x");

        CreorConfig config = fixture.loader().build().load().config();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.fallbacks().add(ModelRef.parse("a/b")))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.asMap().put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.provider("openrouter").orElseThrow().options().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void timeLimitsAreValues() {
        assertThat(TimeLimit.of(Duration.ofSeconds(1))).isEqualTo(TimeLimit.of(Duration.ofMillis(1000)));
        assertThat(TimeLimit.disabled().toString()).isEqualTo("TimeLimit[disabled]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeLimit.of(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
