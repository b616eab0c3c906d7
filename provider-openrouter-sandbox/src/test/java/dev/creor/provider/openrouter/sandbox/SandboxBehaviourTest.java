package dev.creor.provider.openrouter.sandbox;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.dripEvery;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.errorIn200;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.keepAlive;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.keepAliveBetweenChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.latency;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.malformedChunk;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.midStreamError;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reasoning;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.resetAfterBytes;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.resetBeforeHeaders;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.splitAt;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.splitEvery;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallAfterChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeFirstChunk;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeHeaders;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.textChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.toolCall;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.withoutFinishReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SandboxBehaviourTest {

    static Stream<SandboxBehaviour> everyBehaviour() {
        return Stream.of(
                reply(),
                reply("héllo \"world\" 🚀\n"),
                textChunks(0),
                textChunks(12),
                reply("abc").and(textChunks(2)),
                reasoning("think… 🤔"),
                toolCall("get_weather", "{\"city\":\"Zürich\"}").and(toolCall("noop", "")),
                reply("Checking.").and(reasoning("hmm")).and(toolCall("ls", "{}")),
                status(503).retryAfterSeconds(2).times(3),
                status(429).retryAfterDate(Instant.parse("2030-01-02T03:04:05Z")).errorType("rate_limit_exceeded")
                        .providerName("Anthropic").message("slow down").raw("{\"raw\":true}"),
                status(403).reasons("violence", "self-harm"),
                errorIn200(429, "limited"),
                errorIn200("server_error", "oops"),
                midStreamError(2, "server_error"),
                midStreamError(0, 502).withoutChoices().message("gone"),
                withoutFinishReason(),
                latency(Duration.ofMillis(250)),
                keepAlive(3, Duration.ofMillis(100)),
                keepAliveBetweenChunks(Duration.ofMillis(15)),
                dripEvery(Duration.ofMillis(40)),
                splitEvery(3),
                splitAt(9, 1, 4),
                stallBeforeHeaders(),
                stallBeforeFirstChunk(),
                stallAfterChunks(4),
                resetBeforeHeaders(),
                resetAfterBytes(120),
                malformedChunk(1),
                reply("ok").and(latency(Duration.ofMillis(5))).and(splitEvery(2)).and(dripEvery(Duration.ofMillis(1)))
                        .and(stallAfterChunks(3)).times(2));
    }

    @ParameterizedTest
    @MethodSource("everyBehaviour")
    void theJsonFormReadsBackAsTheSameBehaviour(SandboxBehaviour behaviour) throws ScriptReader.InvalidScript {
        List<SandboxBehaviour> read = ScriptReader.readSteps("[" + behaviour.toJson() + "]");

        assertThat(read).containsExactly(behaviour);
        assertThat(read.get(0).toJson()).isEqualTo(behaviour.toJson());
        assertThat(read.get(0).times()).isEqualTo(behaviour.times());
    }

    @Test
    void theJsonFormIsTheDocumentedOne() {
        assertThat(status(503).retryAfterSeconds(2).times(2).toJson()).isEqualTo("{\"status\":503,\"retryAfter\":2,\"times\":2}");
        assertThat(reply("ok").toJson()).isEqualTo("{\"reply\":\"ok\"}");
        assertThat(reply().toJson()).isEqualTo("{\"reply\":true}");
        assertThat(midStreamError(2, "server_error").toJson())
                .isEqualTo("{\"midStreamError\":{\"afterChunks\":2,\"code\":\"server_error\"}}");
        assertThat(splitAt(5, 1).and(stallAfterChunks(2)).toJson())
                .isEqualTo("{\"splitAt\":[1,5],\"stall\":{\"afterChunks\":2}}");
        assertThat(SandboxBehaviour.scriptHeader(status(503), reply("ok")))
                .isEqualTo("[{\"status\":503},{\"reply\":\"ok\"}]");
        assertThat(status(502).toString()).isEqualTo("SandboxBehaviour{\"status\":502}");
    }

    @Test
    void andLetsTheLaterAspectWin() {
        assertThat(status(503).and(reply("ok"))).isEqualTo(reply("ok"));
        assertThat(stallBeforeHeaders().and(resetAfterBytes(3))).isEqualTo(resetAfterBytes(3));
        assertThat(resetAfterBytes(3).and(stallAfterChunks(1))).isEqualTo(stallAfterChunks(1));
        assertThat(splitEvery(2).and(splitEvery(5))).isEqualTo(splitEvery(5));
        assertThat(reply("a").and(latency(Duration.ofMillis(3))).and(reply("b")))
                .isEqualTo(reply("b").and(latency(Duration.ofMillis(3))));
    }

    @Test
    void rejectsImpossibleValues() {
        assertThatThrownBy(() -> status(200)).hasMessageContaining("400..599");
        assertThatThrownBy(() -> status(600)).hasMessageContaining("400..599");
        assertThatThrownBy(() -> textChunks(-1)).hasMessageContaining("count must not be negative");
        assertThatThrownBy(() -> splitEvery(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> splitAt()).hasMessageContaining("at least one offset");
        assertThatThrownBy(() -> splitAt(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> latency(Duration.ofMillis(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> keepAlive(1, Duration.ZERO)).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> errorIn200(1.5, "x")).hasMessageContaining("Integer or a non-blank String");
        assertThatThrownBy(() -> midStreamError(1, " ")).hasMessageContaining("Integer or a non-blank String");
        assertThatThrownBy(() -> reply().times(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> status(403).reasons()).hasMessageContaining("at least one");
        assertThatThrownBy(() -> status(500).message(" ")).hasMessageContaining("message is blank");
    }

    @Test
    void scriptMistakesSayWhereAndWhat() {
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"reply\":\"ok\"},{\"stauts\":503}]"))
                .hasMessage("[1]: unknown key \"stauts\" (did you mean \"status\"?); a step's keys are "
                        + String.join(", ", ScriptReader.STEP_KEYS));
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"status\":503,\"reply\":\"ok\"}]"))
                .hasMessageContaining("[0]: a step has one outcome");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"status\":503,\"toolCalls\":[{\"name\":\"x\"}]}]"))
                .hasMessage("[0]: a step has one outcome, but this one has an error status and a reply: status and toolCalls");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"toolCalls\":[{\"nmae\":\"x\"}]}]"))
                .hasMessageContaining("[0].toolCalls[0]: unknown key \"nmae\" (did you mean \"name\"?)");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"status\":200}]"))
                .hasMessageContaining("[0]: status must be an HTTP error status");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"status\":\"503\"}]"))
                .hasMessageContaining("[0].status: expected a whole number");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"stall\":\"forever\"}]"))
                .hasMessageContaining("[0].stall: expected \"beforeHeaders\"");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"stall\":\"beforeHeaders\",\"reset\":\"beforeHeaders\"}]"))
                .hasMessageContaining("either stalls or resets");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"keepAlive\":{\"comments\":2}}]"))
                .hasMessageContaining("[0].keepAlive: \"everyMs\" is missing");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"midStreamError\":{\"afterChunks\":1,\"code\":1.5}}]"))
                .hasMessageContaining("[0].midStreamError.code: expected a number or a text");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"retryAfter\":\"tomorrow\"}]"))
                .hasMessageContaining("[0].retryAfter: \"tomorrow\" is not an HTTP date");
        assertThatThrownBy(() -> ScriptReader.readSteps("[]")).hasMessageContaining("non-empty array of steps");
        assertThatThrownBy(() -> ScriptReader.readSteps("[{\"reply\": }]")).hasMessageContaining("line 1, column");
    }

    @Test
    void toolCallArgumentsMayBeWrittenAsAnObject() throws ScriptReader.InvalidScript {
        assertThat(ScriptReader.readSteps("[{\"toolCalls\":[{\"name\":\"f\",\"arguments\":{\"a\": [1, 2]}},{\"name\":\"g\"}]}]"))
                .containsExactly(toolCall("f", "{\"a\":[1,2]}").and(toolCall("g", "{}")));
    }

    @Test
    void aSingleStepObjectIsAScriptOfOneStep() throws ScriptReader.InvalidScript {
        assertThat(ScriptReader.readSteps("{\"status\":502}")).containsExactly(status(502));
        assertThat(ScriptReader.readSteps("{\"errorIn200\":{\"code\":\"server_error\",\"message\":\"x\"}}"))
                .containsExactly(errorIn200("server_error", "x"));
    }
}
