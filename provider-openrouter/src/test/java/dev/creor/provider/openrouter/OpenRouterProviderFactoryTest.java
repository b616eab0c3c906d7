package dev.creor.provider.openrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.spi.Capability;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenRouterProviderFactoryTest {
    private final OpenRouterProviderFactory factory = new OpenRouterProviderFactory();

    @TempDir
    Path cache;

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(OpenRouterProviderFactory.class);
    }

    @Test
    void describesOpenRouter() {
        ProviderDescriptor descriptor = factory.descriptor();

        assertThat(factory.id()).isEqualTo("openrouter");
        assertThat(descriptor.displayName()).isEqualTo("OpenRouter");
        assertThat(descriptor.credentialEnvironmentVariables()).containsExactly("OPENROUTER_API_KEY");
        assertThat(descriptor.keyPrefix()).hasValue("sk-or-");
        assertThat(descriptor.defaultBaseUrl()).hasValue(URI.create("https://openrouter.ai/api/v1"));
        assertThat(descriptor.documentationUrl()).isPresent();
        assertThat(descriptor.requiresCredential()).isTrue();
        assertThat(descriptor.capabilities()).containsExactlyInAnyOrder(Capability.STREAMING, Capability.TOOLS,
                Capability.REASONING, Capability.NATIVE_FALLBACKS, Capability.MODEL_CATALOG, Capability.KEY_INFO);
    }

    @Test
    void theSchemaFragmentIsDraft07AndAcceptsTheDocumentedSection() {
        Schema schema = schema();

        schema.validate(new JSONObject("""
                {"options": {"apiKey": "sk-or-v1-abc", "baseURL": "http://127.0.0.1:4000/api/v1",
                             "referer": "https://example.org", "title": "Example", "catalogTtl": 60000,
                             "maxConnections": 64},
                 "routing": {"order": ["Anthropic", "Google"], "allowFallbacks": true, "requireParameters": false,
                             "dataCollection": "deny", "zdr": true, "only": ["Anthropic"], "ignore": ["DeepInfra"],
                             "quantizations": ["fp8"], "sort": "price", "maxPrice": {"prompt": 1, "completion": 2.5}}}"""));
    }

    @Test
    void theSchemaFragmentRejectsUnknownAndMistypedKeys() {
        Schema schema = schema();

        assertThatThrownBy(() -> schema.validate(new JSONObject("{\"options\": {\"baseUrl\": \"https://x\"}}")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> schema.validate(new JSONObject("{\"options\": {\"baseURL\": \"openrouter.ai\"}}")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> schema.validate(new JSONObject("{\"options\": {\"catalogTtl\": \"1h\"}}")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> schema.validate(new JSONObject("{\"routing\": {\"sort\": \"cheapest\"}}")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> schema.validate(new JSONObject("{\"routing\": {\"allow_fallbacks\": true}}")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void theSchemaDeclaresExactlyTheOptionsTheAdapterReads() {
        JSONObject options = new JSONObject(factory.descriptor().configSchema())
                .getJSONObject("properties").getJSONObject("options").getJSONObject("properties");

        assertThat(new TreeSet<>(options.keySet())).isEqualTo(new TreeSet<>(Set.of("apiKey", "baseURL", "referer",
                "title", "categories", "catalogTtl", "maxConnections")));
    }

    @Test
    void aProviderCreatedFromTheSandboxsOptionsTalksToIt() throws Exception {
        OpenRouterSandbox running = OpenRouterSandbox.start();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (running; Provider provider = factory.create(ProviderSettings.builder("openrouter")
                        .options(running.providerOptions()).credential(running.apiKey()).build(),
                ProviderContext.builder(Scheduler.using(timers, Clock.systemUTC()), Runnable::run, cache).build())) {
            ChatResponse response = provider.chatModel().chat(ChatRequest.builder()
                    .model(ModelRef.parse("openrouter/openai/gpt-4o")).addMessage(Message.user("hello")).build())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(response.text()).isNotBlank();
            assertThat(provider.keyInspector().orElseThrow().inspect(running.apiKey()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).limit()).isPresent();
        } finally {
            timers.shutdownNow();
        }
    }

    private Schema schema() {
        return SchemaLoader.builder().draftV7Support()
                .schemaJson(new JSONObject(factory.descriptor().configSchema())).build().load().build();
    }
}
