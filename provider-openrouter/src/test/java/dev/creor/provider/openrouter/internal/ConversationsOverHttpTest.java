package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolSpec;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Whole conversations through the adapter and the sandbox over loopback HTTP: a tool loop on a
 * model that signs its reasoning, prompt caching across turns, images, citations and BYOK costs.
 */
class ConversationsOverHttpTest extends SandboxTestSupport {
    private static final String GEMINI_3 = "google/gemini-3-pro-preview";
    private static final List<ToolSpec> TOOLS = List.of(new ToolSpec("read_file", "Reads a file",
            Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string")))));

    @Test
    void aThreeTurnToolLoopOnASigningModelSendsEachSignatureBackByteForByte() throws Exception {
        for (boolean streamed : new boolean[] {false, true}) {
            sandbox.clearRequests();
            sandbox.script(GEMINI_3, SandboxBehaviour.toolCall("read_file", "{\"path\":\"a.txt\"}"),
                    SandboxBehaviour.toolCall("read_file", "{\"path\":\"b.txt\"}"), SandboxBehaviour.reply("Both read."));
            ChatModel model = provider().chatModel();
            List<Message> conversation = new ArrayList<>(List.of(Message.system("You read files."),
                    Message.user("Read a.txt and b.txt.")));

            for (int turn = 0; turn < 3; turn++) {
                ChatRequest request = ChatRequest.builder().model(ModelRef.parse("openrouter/" + GEMINI_3))
                        .messages(conversation).tools(TOOLS)
                        .reasoning(ReasoningOptions.builder().effort("low").build()).build();
                ChatResponse answer = streamed
                        ? ChatResponseCollector.collect(model.stream(request)).toCompletableFuture().get(10, TimeUnit.SECONDS)
                        : model.chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
                conversation.add(answer.message());
                if (turn < 2) {
                    assertThat(answer.toolCalls()).as("turn %d", turn).hasSize(1);
                    assertThat(answer.message().reasoning().orElseThrow().details()).as("turn %d", turn).hasSize(2);
                    conversation.add(Message.tool(answer.toolCalls().get(0).id(), "contents " + turn));
                } else {
                    assertThat(answer.text()).isEqualTo("Both read.");
                }
            }

            // What each answer said, against what the next request sent back: the same bytes.
            List<RecordedRequest> requests = sandbox.requests();
            assertThat(requests).hasSize(3);
            for (int turn = 0; turn < 2; turn++) {
                List<String> sent = conversation.get(2 + 2 * turn).reasoning().orElseThrow().details();
                String nextBody = requests.get(turn + 1).rawBody();
                String signature = Json.MAPPER.readTree(sent.get(1)).get("data").asText();
                assertThat(signature).startsWith("Ct");
                assertThat(nextBody).as("streamed=%s turn %d", streamed, turn)
                        .contains("\"reasoning_details\":[" + String.join(",", sent) + "]");
            }
        }
    }

    @Test
    void aSigningModelAnswers400WhenTheSignatureIsMissingOrAltered() throws Exception {
        sandbox.script(GEMINI_3, SandboxBehaviour.toolCall("read_file", "{\"path\":\"a.txt\"}"));
        ChatModel model = provider().chatModel();
        ChatRequest first = ChatRequest.builder().model(ModelRef.parse("openrouter/" + GEMINI_3))
                .addMessage(Message.user("Read a.txt.")).tools(TOOLS).build();
        ChatResponse answer = model.chat(first).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Message.Reasoning reasoning = answer.message().reasoning().orElseThrow();
        String callId = answer.toolCalls().get(0).id();

        Message withoutSignature = Message.assistant("", answer.toolCalls());
        List<String> altered = reasoning.details().stream()
                .map(detail -> detail.replace("\"data\":\"Ct", "\"data\":\"Cx")).toList();
        assertThat(altered).isNotEqualTo(reasoning.details());
        Message withAlteredSignature = withoutSignature.toBuilder()
                .reasoning(new Message.Reasoning(reasoning.text(), "", altered)).build();

        for (Message echoed : List.of(withoutSignature, withAlteredSignature)) {
            ChatRequest next = first.toBuilder().addMessage(echoed).addMessage(Message.tool(callId, "x")).build();
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> model.chat(next).toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertThat(failure.getCause()).isInstanceOfSatisfying(CreorException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(error.getMessage()).containsAnyOf("missing a thought_signature", "Corrupted thought signature");
            });
        }
    }

    @Test
    void theSecondTurnReadsThePromptCacheTheFirstWroteAndReportsTheSaving() throws Exception {
        dev.creor.spi.Provider provider = provider();
        ChatModel model = provider.chatModel();
        provider.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS); // prices for the saving
        String context = "Project rules: " + "keep every method short and name things plainly. ".repeat(40);
        List<Message> conversation = new ArrayList<>(List.of(Message.system(context), Message.user("First question?")));
        ChatRequest first = ChatRequest.builder().model(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"))
                .messages(conversation).caching(ChatRequest.Caching.AUTO).build();

        ChatResponse one = model.chat(first).toCompletableFuture().get(10, TimeUnit.SECONDS);
        conversation.add(one.message());
        conversation.add(Message.user("Second question?"));
        ChatResponse two = model.chat(first.toBuilder().messages(conversation).build())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(one.usage().cachedTokens()).isZero();
        assertThat(one.usage().cacheWriteTokens()).isPositive();
        assertThat(two.usage().cachedTokens()).isEqualTo(one.usage().cacheWriteTokens());
        assertThat(two.usage().cost()).isPresent();
        // claude-sonnet-4: $3 per million prompt tokens, $0.30 cached, $3.75 written.
        assertThat(one.usage().cacheSavings()).hasValueSatisfying(saved -> assertThat(saved).isEqualByComparingTo(
                new BigDecimal("-0.75").multiply(BigDecimal.valueOf(one.usage().cacheWriteTokens())).movePointLeft(6)));
        assertThat(two.usage().cacheSavings()).hasValueSatisfying(saved -> assertThat(saved).isEqualByComparingTo(
                new BigDecimal("2.7").multiply(BigDecimal.valueOf(two.usage().cachedTokens()))
                        .subtract(new BigDecimal("0.75").multiply(BigDecimal.valueOf(two.usage().cacheWriteTokens())))
                        .movePointLeft(6)));
        JsonNode secondBody = Json.MAPPER.readTree(sandbox.requests().get(1).rawBody());
        assertThat(secondBody.at("/messages/0/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
    }

    @Test
    void anImageGoesToAModelThatSeesImagesAndIsRefusedByOneThatDoesNot() throws Exception {
        Message withImage = Message.builder(Role.USER).text("What is this?")
                .image(Message.Media.bytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png")).build();
        ChatModel model = provider().chatModel();

        ChatResponse seen = model.chat(ChatRequest.builder().model(ModelRef.parse("openrouter/openai/gpt-4o"))
                .addMessage(withImage).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(seen.text()).contains("What is this?");
        assertThat(sandbox.requests().get(0).rawBody()).contains("\"image_url\":{\"url\":\"data:image/png;base64,iVBORw==\"}");

        assertThatThrownBy(() -> model.chat(ChatRequest.builder().model(ModelRef.parse("openrouter/deepseek/deepseek-r1"))
                .addMessage(withImage).build()).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(CreorException.class, error ->
                        assertThat(error.getMessage()).contains("support image input"));
    }

    @Test
    void anOnlineModelCitesItsSourcesInWholeAndStreamedAnswers() throws Exception {
        ChatModel model = provider().chatModel();
        ChatRequest request = request("openai/gpt-4o:online", "Who won yesterday?");

        ChatResponse whole = model.chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ChatResponse streamed = ChatResponseCollector.collect(model.stream(request)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(whole.citations()).hasSize(2);
        assertThat(whole.citations().get(0).url()).isEqualTo("https://example.org/sandbox/search/1");
        assertThat(streamed.citations()).isEqualTo(whole.citations());
    }

    @Test
    void aByokAnswerCostsTheUpstreamChargePlusTheFeeNotZero() throws Exception {
        try (OpenRouterSandbox byok = OpenRouterSandbox.builder().byok(true).start()) {
            ChatModel model = provider(settings -> settings.options(byok.providerOptions()).credential(byok.apiKey()))
                    .chatModel();
            for (boolean streamed : new boolean[] {false, true}) {
                ChatRequest request = request("openai/gpt-4o");
                ChatResponse answer = streamed
                        ? ChatResponseCollector.collect(model.stream(request)).toCompletableFuture().get(10, TimeUnit.SECONDS)
                        : model.chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);

                BigDecimal upstream = answer.usage().upstreamCost().orElseThrow();
                assertThat(answer.usage().byok()).isTrue();
                assertThat(upstream).isPositive();
                assertThat(answer.usage().cost()).hasValueSatisfying(cost ->
                        assertThat(cost).isEqualByComparingTo(upstream.multiply(new BigDecimal("1.05"))));
            }
        }
    }
}
