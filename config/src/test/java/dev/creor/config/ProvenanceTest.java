package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path dir;
    ConfigFixture fixture;
    Provenance provenance;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        fixture.env("PLAN_MODEL", "openrouter/openai/o3");
        fixture.project("prompts/review.md", "Review.\n");
        fixture.project("creor.json", """
                {
                  "agent": {
                    "build": {"model": "openrouter/anthropic/claude-sonnet-4", "fallbacks": ["openrouter/openai/gpt-4o"]},
                    "plan": {"model": "{env:PLAN_MODEL}"},
                    "review": {"prompt": "{file:prompts/review.md}"}
                  }
                }
                """);
        provenance = fixture.loader().defaults("{\"agent\": {\"explore\": {\"temperature\": 0.2}}}").build().load().provenance();
    }

    @Test
    void describesAValueAsFileLineAndColumn() {
        assertThat(provenance.describe("/agent/build/model")).isEqualTo("creor.json:3:24");
        Origin origin = provenance.originOf("/agent/build/model").orElseThrow();
        assertThat(origin.kind()).isEqualTo(Origin.Kind.FILE);
        assertThat(origin.source().path()).contains(fixture.project.resolve("creor.json"));
        assertThat(origin.line()).hasValue(3);
        assertThat(origin.column()).hasValue(24);
        assertThat(origin.substitutions()).isEmpty();
    }

    @Test
    void describesArrayItemsAndWholeArrays() {
        assertThat(provenance.describe("/agent/build/fallbacks")).isEqualTo("creor.json:3:77");
        assertThat(provenance.describe("/agent/build/fallbacks/0")).isEqualTo("creor.json:3:78");
    }

    @Test
    void saysWhichVariableOrFileSuppliedASubstitutedValue() {
        Origin plan = provenance.originOf("/agent/plan/model").orElseThrow();
        assertThat(plan.kind()).isEqualTo(Origin.Kind.ENV);
        assertThat(plan.describe()).isEqualTo("creor.json:4:23 via {env:PLAN_MODEL}");

        Origin review = provenance.originOf("/agent/review/prompt").orElseThrow();
        assertThat(review.kind()).isEqualTo(Origin.Kind.FILE);
        assertThat(review.substitutions()).containsExactly(new Substitution(Substitution.Kind.FILE, "prompts/review.md"));
        assertThat(review.describe()).isEqualTo("creor.json:5:26 via {file:prompts/review.md}");
    }

    @Test
    void describesDefaults() {
        assertThat(provenance.originOf("/agent/explore/temperature").orElseThrow().kind()).isEqualTo(Origin.Kind.DEFAULT);
        assertThat(provenance.describe("/agent/explore/temperature")).isEqualTo("built-in default");
    }

    @Test
    void describesTheClosestEnclosingValueWhenThereIsNoneAtThePointer() {
        assertThat(provenance.originOf("/agent/build/temperature")).isEmpty();
        assertThat(provenance.describe("/agent/build/temperature")).isEqualTo("creor.json:3:14");
        assertThat(provenance.describe("/agent/nobody/model")).isEqualTo("creor.json:2:12");
    }

    @Test
    void listsEveryLeafInDocumentOrder() {
        assertThat(provenance.leaves().keySet()).containsExactly("/agent/explore/temperature", "/agent/build/model",
                "/agent/build/fallbacks", "/agent/plan/model", "/agent/review/prompt");
    }

    @Test
    void refusesSomethingThatIsNotAJsonPointer() {
        assertThatThrownBy(() -> provenance.describe("agent.build.model")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a JSON pointer starts with '/': \"agent.build.model\"");
    }

    @Test
    void theTypedConfigurationCarriesItsProvenance() {
        CreorConfig config = fixture.loader().build().load().config();

        assertThat(config.provenance().describe("/agent/build/model")).isEqualTo("creor.json:3:24");
        assertThat(List.copyOf(config.provenance().leaves().keySet())).contains("/agent/build/model");
    }
}
