package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command loads to start (issue 20): each class costs start-up time, so a command loads
 * what it uses and no more. The JVM's own log of the classes it loads says what that was.
 */
class StartupIT {
    @TempDir
    Path home;

    private List<String> classesLoadedBy(String... args) throws Exception {
        Path log = home.resolve("classes.log");
        CreorProcess.Result result = CreorProcess.inHome(home)
                .jvmOption("-Xlog:class+load=info:file=" + log + ":none")
                .run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        // Each line: "name source: where".
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(line -> line.split(" ", 2)[0]).toList();
    }

    @Test
    void versionLoadsNeitherTheCommandTreeNorTheRuntime() throws Exception {
        List<String> loaded = classesLoadedBy("--version");

        assertThat(loaded).as("the version itself").contains("dev.creor.runtime.CreorVersion");
        assertThat(loaded).filteredOn(name -> name.startsWith("dev.creor.") && !name.startsWith("dev.creor.cli."))
                .as("nothing of Creor beyond its version").containsExactly("dev.creor.runtime.CreorVersion");
        assertThat(loaded).filteredOn(name -> name.startsWith("dev.creor.cli.") && name.endsWith("Command"))
                .as("no command").isEmpty();
        assertThat(loaded).as("no model of the command line, no logging, no libraries")
                .doesNotContain("picocli.CommandLine$Model$CommandSpec", "java.util.logging.LogManager")
                .noneMatch(name -> name.startsWith("com.fasterxml.") || name.startsWith("io.vertx.")
                        || name.startsWith("com.google.inject.") || name.startsWith("org.everit."));
    }

    @Test
    void aCommandLoadsItsOwnClassesAndNotItsSiblings() throws Exception {
        List<String> loaded = classesLoadedBy("config", "validate");

        assertThat(loaded).contains("dev.creor.cli.ConfigCommand$Validate");
        // picocli reads a command's fields and their types as it builds the command's model; these are
        // the other commands' (the command classes themselves load with creor's list of commands, unread).
        assertThat(loaded).as("the other commands' models").doesNotContain("dev.creor.cli.RunCommand$Printer",
                "dev.creor.cli.DemoCommand$Step", "dev.creor.serve.CreorGateway", "dev.creor.settings.SettingsServer",
                "dev.creor.cli.AuthCommand$Login");
    }

    @Test
    void configValidateChecksTheAgentsWithoutStartingARuntime() throws Exception {
        List<String> loaded = classesLoadedBy("config", "validate");

        assertThat(loaded).as("the agents' offline check ran")
                .contains("dev.creor.runtime.internal.wiring.OfflineAgentChecks");
        // It needs the config and the catalogs at hand: a second discovery and load, and Guice's wiring, are waste.
        assertThat(loaded).as("no runtime wired").doesNotContain("dev.creor.runtime.internal.wiring.WiredRuntime")
                .noneMatch(name -> name.startsWith("com.google.inject."));
    }
}
