package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.agents.AgentDefinition;
import dev.creor.agents.ResolvedAgent;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.routing.CircuitBreakerPolicy;
import dev.creor.core.routing.ConcurrencyLimit;
import dev.creor.core.routing.RetryPolicy;
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
        AgentDefinition build = config.agent("build").orElseThrow();
        assertThat(build.name()).isEqualTo("build");
        assertThat(build.model()).contains(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"));
        assertThat(build.fallbacks()).contains(List.of());
        assertThat(build.temperature()).hasValue(0.0);
        assertThat(build.topP()).hasValue(0.9);
        assertThat(build.maxTokens()).hasValue(4096);
        assertThat(build.systemPrompt()).contains("Build.");
        assertThat(build.description()).isEqualTo("builds");
        assertThat(build.origin("model")).contains("creor.json:6:24");
        assertThat(build.disabled()).isFalse();
        AgentDefinition explore = config.agent("explore").orElseThrow();
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
        assertThat(openrouter.retryPolicy()).isEqualTo(new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(8),
                Duration.ofSeconds(30)));
        assertThat(openrouter.circuitBreakerPolicy()).isEqualTo(new CircuitBreakerPolicy(3, Duration.ofSeconds(15)));
        assertThat(openrouter.concurrencyLimit()).contains(new ConcurrencyLimit(8, 0));
        assertThat(openrouter.routing()).isEqualTo(Map.of("sort", "price", "allowFallbacks", true));
        assertThat(config.disabledProviders()).containsExactly("echo");
        assertThat(config.enabledProviders()).contains(List.of("openrouter"));
        assertThat(config.isProviderEnabled("openrouter")).isTrue();
        assertThat(config.isProviderEnabled("echo")).isFalse();
        assertThat(config.asMap()).containsKeys("$schema", "model", "agent", "provider");
    }

    @Test
    void absentSettingsAreAbsentAndAbsentPoliciesAreTheRoutersDefaults() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {}}}");

        CreorConfig config = fixture.load().config();

        ProviderConfig openrouter = config.provider("openrouter").orElseThrow();
        assertThat(openrouter.options()).isEmpty();
        assertThat(openrouter.apiKey()).isEmpty();
        assertThat(openrouter.timeout()).isEmpty();
        assertThat(openrouter.chunkTimeout()).isEmpty();
        assertThat(openrouter.retryPolicy()).isEqualTo(RetryPolicy.defaults());
        assertThat(openrouter.circuitBreakerPolicy()).isEqualTo(CircuitBreakerPolicy.defaults());
        assertThat(openrouter.concurrencyLimit()).isEmpty();
        assertThat(openrouter.modelFilter().allows("anything/at-all")).isTrue();
        assertThat(config.model()).isEmpty();
        assertThat(config.fallbacks()).isEmpty();
        assertThat(config.enabledProviders()).isEmpty();
        assertThat(config.isProviderEnabled("openrouter")).isTrue();
        assertThat(config.agent("build")).isEmpty();
        assertThat(config.provider("echo")).isEmpty();
    }

    @Test
    void aPartialRetrySectionKeepsTheRoutersDefaultsForTheOtherSettings() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"retry\": {\"maxAttempts\": 1}, \"timeout\": false}}}");

        ProviderConfig openrouter = fixture.load().config().provider("openrouter").orElseThrow();

        assertThat(openrouter.retryPolicy()).isEqualTo(RetryPolicy.defaults().withMaxAttempts(1));
        assertThat(openrouter.timeout().orElseThrow().isDisabled()).isTrue();
        assertThat(openrouter.timeout().orElseThrow().duration()).isEmpty();
    }

    @Test
    void aQueueWithoutItsSizeGetsTheDefaultQueue() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"concurrency\": {\"maxConcurrent\": 2}}}}");

        ProviderConfig openrouter = fixture.load().config().provider("openrouter").orElseThrow();

        assertThat(openrouter.concurrencyLimit()).contains(new ConcurrencyLimit(2, ProviderConfig.DEFAULT_MAX_QUEUED));
    }

    @Test
    void theAgentCatalogRefinesTheBuiltInAgentsAndRemembersWhereEachValueWasWritten() {
        fixture.project("creor.json", """
                {
                  "model": "openrouter/openai/gpt-4o",
                  "agent": {
                    "plan": {"model": "openrouter/openai/o3", "temperature": 0.2},
                    "review": {"prompt": "Review.", "description": "reviews"}
                  }
                }
                """);

        CreorConfig config = fixture.load().config();

        ResolvedAgent plan = config.agentCatalog().resolve("plan");
        assertThat(plan.model().model()).isEqualTo(ModelRef.parse("openrouter/openai/o3"));
        assertThat(plan.definition().builtIn()).isTrue();
        assertThat(plan.definition().temperature()).hasValue(0.2);
        assertThat(plan.definition().origin("model")).contains("creor.json:4:23");
        ResolvedAgent review = config.agentCatalog().resolve("review");
        assertThat(review.model().model()).as("the top-level model").isEqualTo(ModelRef.parse("openrouter/openai/gpt-4o"));
        assertThat(review.definition().systemPrompt()).contains("Review.");
        assertThat(config.agentCatalog().resolve("build").model().model()).isEqualTo(ModelRef.parse("openrouter/openai/gpt-4o"));
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
