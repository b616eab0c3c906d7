package dev.creor.provider.openrouter.sandbox;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reasoning;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.toolCall;
import static dev.creor.provider.openrouter.sandbox.SandboxClient.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReasoningAndToolCallsTest extends SandboxWireTest {
    private static String reasoningBody(String model, String reasoning, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"reasoning\":" + reasoning
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"think\"}]}";
    }

    @Test
    void aReasoningModelStreamsReasoningBeforeContentWhenAsked() {
        SandboxClient.Answer answer = client.chat(reasoningBody("openai/o3", "{\"effort\":\"high\"}", true));

        List<JsonNode> deltas = deltas(answer.chunks());
        int firstContent = indexOfFirst(deltas, "content", true);
        assertThat(deltas.subList(0, firstContent)).isNotEmpty().allSatisfy(delta -> {
            assertThat(delta.path("reasoning").asText()).isNotEmpty();
            assertThat(delta.path("content").asText()).isEmpty();
        });
        assertThat(deltas.subList(firstContent, deltas.size())).noneMatch(delta -> delta.has("reasoning"));
        JsonNode usage = answer.chunks().get(answer.chunks().size() - 1).path("usage");
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asLong()).isPositive();
        assertThat(usage.path("completion_tokens").asLong())
                .isGreaterThan(usage.path("completion_tokens_details").path("reasoning_tokens").asLong());
    }

    @Test
    void reasoningAppearsInTheJsonMessage() {
        JsonNode message = client.chat(reasoningBody("anthropic/claude-sonnet-4", "{\"max_tokens\":2000}", false)).json()
                .path("choices").path(0).path("message");

        assertThat(message.path("reasoning").asText()).contains("think");
        assertThat(message.path("content").asText()).startsWith("Hello from the Creor sandbox");
    }

    @Test
    void excludedReasoningIsBilledButNotShown() {
        SandboxClient.Answer answer = client.chat(reasoningBody("openai/o3", "{\"effort\":\"low\",\"exclude\":true}", true));

        assertThat(deltas(answer.chunks())).noneMatch(delta -> delta.has("reasoning"));
        assertThat(answer.chunks().get(answer.chunks().size() - 1).path("usage").path("completion_tokens_details")
                .path("reasoning_tokens").asLong()).isPositive();
    }

    @Test
    void modelsWithoutReasoningIgnoreTheRequestButAScriptForcesIt() {
        assertThat(deltas(client.chat(reasoningBody("openai/gpt-4o", "{\"effort\":\"high\"}", true)).chunks()))
                .noneMatch(delta -> delta.has("reasoning"));
        assertThat(client.chat(chatBody("openai/o3", "x", true)).body()).doesNotContain("\"reasoning\"");

        sandbox.script("openai/gpt-4o", reasoning("Let me think… 🤔").and(reply("Done.")));
        SandboxClient.Answer scripted = client.chat(chatBody("openai/gpt-4o", "x", true));
        StringBuilder thought = new StringBuilder();
        deltas(scripted.chunks()).forEach(delta -> thought.append(delta.path("reasoning").asText("")));
        assertThat(thought.toString()).isEqualTo("Let me think… 🤔");
        assertThat(scripted.streamedContent()).isEqualTo("Done.");
    }

    @Test
    void toolCallArgumentsArriveInFragmentsKeyedByIndex() {
        sandbox.script("openai/gpt-4o", toolCall("get_weather", "{\"city\":\"Zürich\",\"unit\":\"°C\"}")
                .and(toolCall("get_time", "{\"zone\":\"Europe/Zurich\"}")));

        SandboxClient.Answer answer = client.chat(chatBody("openai/gpt-4o", "weather?", true));

        Map<Integer, StringBuilder> arguments = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, String> ids = new TreeMap<>();
        Map<Integer, Integer> fragments = new TreeMap<>();
        String finish = null;
        for (JsonNode chunk : answer.chunks()) {
            JsonNode choice = chunk.path("choices").path(0);
            if (choice.path("finish_reason").isTextual()) {
                finish = choice.path("finish_reason").asText();
            }
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                int index = call.path("index").asInt();
                if (call.has("id")) {
                    ids.put(index, call.path("id").asText());
                    names.put(index, call.path("function").path("name").asText());
                    assertThat(call.path("type").asText()).isEqualTo("function");
                }
                arguments.computeIfAbsent(index, i -> new StringBuilder()).append(call.path("function").path("arguments").asText());
                fragments.merge(index, 1, Integer::sum);
            }
        }
        assertThat(names).containsExactly(Map.entry(0, "get_weather"), Map.entry(1, "get_time"));
        assertThat(arguments.get(0).toString()).isEqualTo("{\"city\":\"Zürich\",\"unit\":\"°C\"}");
        assertThat(arguments.get(1).toString()).isEqualTo("{\"zone\":\"Europe/Zurich\"}");
        assertThat(fragments.get(0)).isGreaterThanOrEqualTo(3);
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1)).startsWith("call_");
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(answer.streamedContent()).isEmpty();
    }

    @Test
    void toolCallsInAJsonAnswer() {
        sandbox.script("anthropic/claude-sonnet-4", reply("Checking.").and(toolCall("ls", "{\"path\":\".\"}")));

        JsonNode choice = client.chat(chatBody("anthropic/claude-sonnet-4", "list", false)).json().path("choices").path(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("native_finish_reason").asText()).isEqualTo("tool_use");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Checking.");
        JsonNode call = choice.path("message").path("tool_calls").path(0);
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("ls");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"path\":\".\"}");
    }

    @Test
    void aToolCallWithoutTextHasNullContent() {
        sandbox.script("openai/gpt-4o", toolCall("noop", ""));

        JsonNode message = client.chat(chatBody("openai/gpt-4o", "x", false)).json().path("choices").path(0).path("message");

        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("tool_calls").path(0).path("function").path("arguments").asText()).isEmpty();
    }

    private static List<JsonNode> deltas(List<JsonNode> chunks) {
        List<JsonNode> deltas = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            if (chunk.path("choices").size() > 0) {
                deltas.add(chunk.path("choices").path(0).path("delta"));
            }
        }
        return deltas;
    }

    private static int indexOfFirst(List<JsonNode> deltas, String field, boolean nonEmpty) {
        for (int i = 0; i < deltas.size(); i++) {
            if (deltas.get(i).has(field) && (!nonEmpty || !deltas.get(i).path(field).asText().isEmpty())) {
                return i;
            }
        }
        throw new AssertionError("no delta has " + field);
    }
}
