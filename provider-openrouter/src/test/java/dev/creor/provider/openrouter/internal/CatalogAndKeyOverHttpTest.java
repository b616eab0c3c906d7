package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.provider.openrouter.OpenRouterProviderFactory;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.spi.KeyInfo;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderSettings;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The model list and key info over HTTP: parsing, the disk cache and its TTL, errors. */
class CatalogAndKeyOverHttpTest extends SandboxTestSupport {

    @Test
    void theModelListComesFromTheServerWithExactPricesPerMillion() throws Exception {
        List<ModelInfo> models = provider().catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(models).extracting(model -> model.ref().model()).contains("anthropic/claude-sonnet-4",
                "openai/gpt-4o", "openrouter/auto", "meta-llama/llama-3.3-70b-instruct:free");
        ModelInfo sonnet = models.stream().filter(model -> model.ref().equals(
                ModelRef.parse("openrouter/anthropic/claude-sonnet-4"))).findFirst().orElseThrow();
        assertThat(sonnet.name()).isNotBlank();
        assertThat(sonnet.contextLength()).isPresent();
        assertThat(sonnet.maxOutputTokens()).isPresent();
        assertThat(sonnet.supportedParameters()).contains("tools");
        assertThat(sonnet.inputModalities()).contains("text");
        // The sandbox serves Claude Sonnet 4 at OpenRouter's list price, as per-token strings.
        assertThat(sonnet.inputPricePerMillion()).hasValueSatisfying(price ->
                assertThat(price).isEqualByComparingTo(new BigDecimal("3")));
        assertThat(sonnet.outputPricePerMillion()).hasValueSatisfying(price ->
                assertThat(price).isEqualByComparingTo(new BigDecimal("15")));
        RecordedRequest request = sandbox.awaitRequest(0, WAIT);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/models");
    }

    @Test
    void theListIsCachedOnDiskForTheTtlAndRefreshBypassesTheCache() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
        testContext.close();
        testContext = new TestContext(cacheDirectory, clock, vertx);

        Provider first = provider();
        first.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);
        first.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(modelListRequests()).isEqualTo(1);
        try (var files = Files.list(cacheDirectory)) {
            assertThat(files).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                    .startsWith("models-").endsWith(".json"));
        }

        // A new provider (a new process, say) reads the disk cache instead of the network.
        Provider second = provider();
        assertThat(second.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotEmpty();
        assertThat(modelListRequests()).isEqualTo(1);

        second.catalog().refresh().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(modelListRequests()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(61));
        Provider third = provider();
        third.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(modelListRequests()).isEqualTo(3);
        assertThat(testContext.logger.messages).isEmpty();
    }

    @Test
    void theCatalogTtlOptionShortensTheCache() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
        testContext.close();
        testContext = new TestContext(cacheDirectory, clock, vertx);
        Provider provider = provider(settings -> settings.options(options("catalogTtl", 1000)));

        provider.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);
        clock.advance(Duration.ofMillis(1500));
        provider.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(modelListRequests()).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        Provider provider = provider();
        List<CompletableFuture<List<ModelInfo>>> calls = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> provider.catalog().models().toCompletableFuture()).toList();

        for (CompletableFuture<List<ModelInfo>> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isNotEmpty();
        }
        assertThat(modelListRequests()).isEqualTo(1);
    }

    @Test
    void theFilterAppliesToTheListFromTheServer() throws Exception {
        Provider provider = provider(settings -> settings.modelFilter(ModelFilter.of(List.of("*:free", "openai/*"),
                List.of("openai/o3"))));

        assertThat(provider.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .extracting(model -> model.ref().model())
                .contains("meta-llama/llama-3.3-70b-instruct:free", "openai/gpt-4o")
                .doesNotContain("openai/o3", "anthropic/claude-sonnet-4");
    }

    @Test
    void keyInfoDescribesTheKey() throws Exception {
        KeyInfo info = provider().keyInspector().orElseThrow().inspect(sandbox.apiKey()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(info.label()).hasValue(sandbox.apiKey().masked());
        assertThat(info.limit()).isPresent();
        assertThat(info.limitRemaining()).isPresent();
        assertThat(info.limitReset()).hasValue("monthly");
        assertThat(info.usage()).isPresent();
        assertThat(info.usageDaily()).isPresent();
        assertThat(info.usageWeekly()).isPresent();
        assertThat(info.usageMonthly()).isPresent();
        assertThat(info.freeTier()).isFalse();
        assertThat(info.expiresAt()).isEmpty();
        RecordedRequest request = sandbox.awaitRequest(0, WAIT);
        assertThat(request.path()).isEqualTo("/api/v1/key");
        assertThat(request.header("Authorization")).hasValue("Bearer " + sandbox.apiKey().reveal());
    }

    @Test
    void keyInfoInspectsTheKeyItIsGivenNotTheConfiguredOne() throws Exception {
        Provider withoutKey = new OpenRouterProviderFactory().create(ProviderSettings.builder("openrouter")
                .options(sandbox.providerOptions()).build(), testContext.context());
        try {
            assertThat(withoutKey.keyInspector().orElseThrow().inspect(sandbox.apiKey()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).limit()).isPresent();
        } finally {
            withoutKey.close();
        }
    }

    @Test
    void aRejectedKeyIsAuthInvalid() {
        Secret wrong = Secret.of("sk-or-v1-" + "0badc0de".repeat(8));

        Throwable thrown = catchThrowable(() -> provider().keyInspector().orElseThrow().inspect(wrong)
                .toCompletableFuture().get(10, TimeUnit.SECONDS));

        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CreorException.class,
                error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
                    assertThat(error.httpStatus()).hasValue(401);
                    assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains(wrong.masked(),
                            "creor auth login openrouter"));
                    assertThat(error.describe()).doesNotContain(wrong.reveal());
                });
    }

    private static long modelListRequests() {
        return sandbox.requests().stream().filter(request -> request.path().endsWith("/models")).count();
    }

}
