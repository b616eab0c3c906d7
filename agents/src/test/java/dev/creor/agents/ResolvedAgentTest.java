package dev.creor.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvedAgentTest {
    private static final ModelRef O3 = ModelRef.parse("openrouter/openai/o3");
    private static final ModelRef GPT = ModelRef.parse("openrouter/openai/gpt-4o");

    @Test
    void aRequestCarriesTheSystemPromptModelFallbacksAndSampling() {
        AgentCatalog catalog = AgentCatalog.builder().configure(AgentDefinition.builder("plan").model(O3)
                .fallbacks(List.of(GPT)).temperature(0.2).topP(0.9).maxTokens(512).build()).build();

        ChatRequest request = catalog.resolve("plan").requestFor(List.of(Message.user("plan it"))).build();

        assertThat(request.model()).isEqualTo(O3);
        assertThat(request.fallbacks()).containsExactly(GPT);
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER);
        assertThat(request.messages().get(0).text()).contains("planning mode");
        assertThat(request.temperature()).hasValue(0.2);
        assertThat(request.topP()).hasValue(0.9);
        assertThat(request.maxTokens()).hasValue(512);
    }

    @Test
    void aConversationWithItsOwnSystemMessageKeepsIt() {
        ResolvedAgent build = AgentCatalog.builder().build().resolve("build");

        ChatRequest request = build.requestFor(List.of(Message.system("Be terse."), Message.user("hi"))).build();

        assertThat(request.messages()).containsExactly(Message.system("Be terse."), Message.user("hi"));
    }

    @Test
    void aCustomAgentWithoutPromptSendsOnlyTheConversation() {
        ResolvedAgent custom = AgentCatalog.builder().configure(AgentDefinition.builder("raw").build()).build()
                .resolve("raw");

        assertThat(custom.requestFor(List.of(Message.user("hi"))).build().messages())
                .containsExactly(Message.user("hi"));
        assertThatThrownBy(() -> custom.requestFor(List.of())).hasMessage("the conversation is empty");
    }
}
