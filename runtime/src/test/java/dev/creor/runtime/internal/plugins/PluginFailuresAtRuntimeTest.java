package dev.creor.runtime.internal.plugins;

import static dev.creor.runtime.internal.plugins.PluginFixtures.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.runtime.Creor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin that breaks after it was created fails its own requests only, as a CreorException. */
class PluginFailuresAtRuntimeTest {
    @TempDir
    static Path build;
    private static Path plugins;

    @TempDir
    Path home;

    @BeforeAll
    static void buildThePlugins() throws Exception {
        Path classes = PluginFixtures.compileAll(build.resolve("classes"));
        plugins = Files.createDirectories(build.resolve("plugins"));
        PluginJars.jar(plugins.resolve("mixed.jar"))
                .classes(classes, PACKAGE + "GoodFactory", PACKAGE + "ThrowingCatalogFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "GoodFactory", PACKAGE + "ThrowingCatalogFactory")
                .write();
    }

    @Test
    void aCatalogThatThrowsFailsOnlyItsOwnListingAndDoesNotStopItsAgents() throws Exception {
        try (Creor creor = Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of())
                .pluginDirectories(List.of(plugins))
                .config("{\"enabled_providers\": [\"good\", \"throwing-catalog\"]}").build()) {

            assertThat(creor.models().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .as("the other provider's models; the broken one is left out")
                    .extracting(model -> model.ref().toString()).containsExactly("good/fixed");
            var ownListing = creor.models("throwing-catalog", false).toCompletableFuture();
            assertThatThrownBy(() -> ownListing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
                        assertThat(error.getMessage()).contains("throwing-catalog", "IllegalStateException");
                    });
            assertThat(creor.agent("build", ModelRef.parse("throwing-catalog/fixed")).chat("hi")
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).text())
                    .as("the agent's model check cannot ask the catalog, and lets the request go")
                    .isEqualTo("Throwing catalog answer");
        }
    }
}
