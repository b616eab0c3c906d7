package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.agents.AgentCatalog;
import dev.creor.agents.AgentDefinition;
import dev.creor.agents.RequestOptions;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.routing.RetryPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-agent and per-model request options from real config files: typed, merged
 * model < agent, checked with file and line, and kept from untrusted project files where they
 * could leak or redirect.
 */
class RequestOptionsConfigTest {
    private static final String ADVICE = "run \"creor trust\" if you trust this folder";

    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void agentAndModelOptionsAreReadAndMergedIntoTheAgentsRequests() {
        fixture.project("creor.json", """
                {
                  "agent": {
                    "plan": {"model": "openrouter/openai/o3", "temperature": 0.2,
                             "reasoning": {"effort": "high"}, "routing": {"sort": "latency"},
                             "headers": {"X-Team": "platform"}, "caching": "auto",
                             "retry": {"maxAttempts": 5}}
                  },
                  "provider": {
                    "openrouter": {
                      "models": {
                        "openai/o3": {"maxTokens": 4000, "reasoning": {"maxTokens": 8000, "exclude": true},
                                      "routing": {"sort": "price", "dataCollection": "deny"}, "caching": "none"}
                      }
                    }
                  }
                }
                """);

        CreorConfig config = fixture.load().config();

        AgentDefinition plan = config.agent("plan").orElseThrow();
        assertThat(plan.options().reasoning()).hasValue(ReasoningOptions.builder().effort("high").build());
        assertThat(plan.options().headers()).containsExactly(Map.entry("X-Team", "platform"));
        assertThat(plan.options().caching()).hasValue("auto");
        assertThat(plan.retryPolicy()).hasValue(RetryPolicy.defaults().withMaxAttempts(5));
        assertThat(plan.origin("reasoning")).hasValue("creor.json:4:27");
        RequestOptions o3 = config.provider("openrouter").orElseThrow().modelOptions().get("openai/o3");
        assertThat(o3.maxTokens()).hasValue(4000);

        AgentCatalog agents = config.agentCatalog();
        ChatRequest request = agents.resolve("plan").requestFor(List.of(Message.user("plan"))).build();
        assertThat(request.temperature()).hasValue(0.2);
        assertThat(request.maxTokens()).as("from the model's section").hasValue(4000);
        assertThat(request.reasoning()).as("the agent's effort replaces the model's budget; exclude stays")
                .hasValue(ReasoningOptions.builder().effort("high").exclude(true).build());
        assertThat(request.routing()).containsExactlyInAnyOrderEntriesOf(Map.of("sort", "latency", "dataCollection", "deny"));
        assertThat(request.headers()).containsExactly(Map.entry("X-Team", "platform"));
        assertThat(agents.resolve("plan").options().caching()).hasValue("auto");
        assertThat(agents.optionsOf(ModelRef.parse("openrouter/openai/o3")).caching()).hasValue("none");
    }

    @Test
    void effortAndBudgetTogetherAreAnErrorAtTheLineEvenWhenTwoFilesSetOneEach() {
        fixture.global("{\"agent\": {\"plan\": {\"reasoning\": {\"effort\": \"high\"}}}}");
        fixture.project("creor.json", """
                {
                  "agent": {"plan": {"reasoning": {"maxTokens": 2000}}}
                }
                """);

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.report().errors()).extracting(ConfigProblem::render).containsExactly(
                "creor.json:2:49: /agent/plan/reasoning/maxTokens: reasoning.effort (\"high\") and reasoning.maxTokens"
                        + " (2000) are both set, but a request may have only one of them (OpenRouter refuses both"
                        + " together); remove one");
    }

    @Test
    void aTemperatureOutOfRangeAndAnUnknownEffortAreSchemaErrorsAtTheirLines() {
        fixture.project("creor.json", """
                {
                  "provider": {"openrouter": {"models": {"openai/o3": {
                    "temperature": 3,
                    "reasoning": {"effort": "maximal"}
                  }}}}
                }
                """);

        List<String> errors = fixture.load().report().errors().stream().map(ConfigProblem::render).toList();

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("creor.json:3:20: /provider/openrouter/models/openai~1o3/temperature:")
                .contains("a number from 0 to 2");
        assertThat(errors.get(1)).startsWith("creor.json:4:29: /provider/openrouter/models/openai~1o3/reasoning/effort:")
                .contains("one of none, minimal, low, medium, high, xhigh");
    }

    @Test
    void aHeaderTheTransportOwnsIsAnErrorAtItsName() {
        fixture.project("creor.json", "{\"agent\": {\"build\": {\"headers\": {\"Authorization\": \"Bearer x\"}}}}");

        assertThat(fixture.load().report().errors()).extracting(ConfigProblem::render).singleElement().asString()
                .startsWith("creor.json:1:34: /agent/build/headers/Authorization: the header Authorization is set by the"
                        + " provider's transport and cannot be overridden");
    }

    @Test
    void anUntrustedProjectMayTuneSamplingAndReasoningButNotSetHeadersOrRouting() {
        fixture.untrusted();
        fixture.project("creor.json", """
                {
                  "agent": {"build": {"temperature": 0.3, "reasoning": {"effort": "low"}, "caching": "auto",
                                      "headers": {"X-Exfiltrate": "x"}}},
                  "provider": {"openrouter": {"models": {"openai/o3": {"routing": {"dataCollection": "allow"}}},
                                              "routing": {"dataCollection": "allow"}}}
                }
                """);

        List<String> errors = fixture.load().report().errors().stream().map(ConfigProblem::render).toList();

        assertThat(errors).containsExactly(
                "creor.json:3:35: /agent/build/headers/X-Exfiltrate: this project file is not trusted, so it may not set request"
                        + " headers; " + ADVICE,
                "creor.json:4:68: /provider/openrouter/models/openai~1o3/routing/dataCollection: this project file is not trusted, so"
                        + " it may not set routing preferences (they decide which upstream providers see your prompts); "
                        + ADVICE,
                "creor.json:5:43: /provider/openrouter/routing/dataCollection: this project file is not trusted, so"
                        + " it may not set routing preferences (they decide which upstream providers see your prompts); "
                        + ADVICE);
    }
}
