package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.creor.runtime.internal.plugins.EchoPluginJar;
import dev.creor.runtime.internal.plugins.HostilePluginJars;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, items 2 and 3, end to end: hostile plugin jars, built from source, dropped beside the
 * echo example into {@code CREOR_PLUGIN_PATH}. Whatever they do (throw errors the JVM throws,
 * never return, inflate to gigabytes, end the JVM, belong to someone else), the real
 * {@code creor providers} and {@code creor run} name the jar in one line, end with a stable exit
 * code, and echo keeps answering.
 */
class HostilePluginsIT {
    private static final String PLUGINS = "com.example.plugins.";

    @TempDir
    static Path build;
    private static Path echoJar;
    private static HostilePluginJars jars;

    @TempDir
    Path home;
    @TempDir
    Path plugins;

    @BeforeAll
    static void buildThePlugins() {
        echoJar = EchoPluginJar.build(build, build.resolve("creor-provider-echo.jar"));
        jars = HostilePluginJars.compiledIn(build);
    }

    @BeforeEach
    void dropInEcho() throws IOException {
        Files.copy(echoJar, plugins.resolve("creor-provider-echo.jar"));
    }

    private CreorProcess creor() {
        return CreorProcess.inHome(home).env("CREOR_PLUGIN_PATH", plugins.toString())
                .env("CREOR_PLUGIN_TIMEOUT_MS", "1500")
                .timeout(Duration.ofSeconds(60));
    }

    @Test
    void pluginsThatThrowErrorsAreNamedAndEchoStillAnswers() {
        Path overflowing = jars.jar(plugins.resolve("overflowing-descriptor.jar"), "OverflowingDescriptorFactory");
        Path outOfMemory = jars.jar(plugins.resolve("out-of-memory-id.jar"), "OutOfMemoryIdFactory");
        Path missingClass = jars.jar(plugins.resolve("missing-class.jar"), "MissingClassConstructorFactory");
        Path overflowingCreate = jars.jar(plugins.resolve("overflowing-create.jar"), "OverflowingCreateFactory");

        CreorProcess.Result providers = creor().run("providers");
        CreorProcess.Result run = creor().run("run", "--model", "echo/any", "hello world");
        CreorProcess.Result broken = creor().run("run", "--model", "overflowing-create/any", "hello");

        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stdout().lines())
                .anySatisfy(line -> assertThat(line).startsWith("echo "))
                .anySatisfy(line -> assertThat(line).startsWith("overflowing-create "));
        List<String> errors = List.of(
                "creor: error: provider factory " + PLUGINS + "MissingClassConstructorFactory in plugin jar " + missingClass
                        + " could not be created: it needs class org.example.lib.Helper, which is neither in the plugin "
                        + "jar nor in Creor; bundle the plugin's dependencies into its jar (e.g. with the maven-shade-plugin)",
                "creor: error: provider factory " + PLUGINS + "OutOfMemoryIdFactory in plugin jar " + outOfMemory
                        + " failed in id(): OutOfMemoryError: simulated: id ran out of memory",
                "creor: error: provider \"overflowing-descriptor\" (" + PLUGINS + "OverflowingDescriptorFactory in plugin "
                        + "jar " + overflowing + ") failed in descriptor(): StackOverflowError");
        assertThat(providers.stderr().lines()).containsExactlyElementsOf(errors);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("hello world\n");
        assertThat(run.stderr().lines()).startsWith(errors.toArray(String[]::new))
                .last().asString().startsWith("echo/any");

        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(2);
        assertThat(broken.stdout()).isEmpty();
        assertThat(broken.stderr().lines()).contains("creor: provider \"overflowing-create\" (" + PLUGINS
                + "OverflowingCreateFactory, " + overflowingCreate + ") failed to start: StackOverflowError");
    }

    @Test
    void pluginsThatNeverReturnAreGivenUpOnAfterTheTimeLimit() {
        Path blockingConstructor = jars.jar(plugins.resolve("blocking-constructor.jar"), "BlockingConstructorFactory");
        Path blockingCreate = jars.jar(plugins.resolve("blocking-create.jar"), "BlockingCreateFactory");

        CreorProcess.Result providers = creor().run("providers");
        CreorProcess.Result run = creor().run("run", "--model", "echo/any", "hello world");
        CreorProcess.Result blocked = creor().run("run", "--model", "blocking-create/any", "hello");

        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stdout().lines())
                .anySatisfy(line -> assertThat(line).startsWith("echo "))
                .anySatisfy(line -> assertThat(line).startsWith("blocking-create "));
        assertThat(providers.stderr().lines()).singleElement().asString()
                .startsWith("creor: error: plugin jar " + blockingConstructor + " did not answer within 1500 ms: "
                        + "creating a provider factory is still running (in " + PLUGINS + "Block.untilReleased(")
                .endsWith("so the jar is skipped; a factory's constructor, id() and descriptor() must return at once "
                        + "(CREOR_PLUGIN_TIMEOUT_MS sets the limit in milliseconds)");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("hello world\n");

        assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(2);
        assertThat(blocked.stderr().lines()).anySatisfy(line -> assertThat(line)
                .startsWith("creor: provider \"blocking-create\" (" + PLUGINS + "BlockingCreateFactory, " + blockingCreate
                        + ") failed to start: create(...) did not return within 1500 ms (it is stuck in " + PLUGINS
                        + "Block.untilReleased("));
    }

    @Test
    void aZipBombServiceFileIsRefusedWithoutFillingTheHeap() throws IOException {
        Path bomb = HostilePluginJars.serviceFileBomb(plugins.resolve("bomb.jar"), 128);
        assertThat(Files.size(bomb)).as("128 MB inflated, a thousand times smaller on disk").isLessThan(1024 * 1024);

        // Reading the 128 MB line whole needs more than this heap; a cap needs a few kilobytes of it.
        CreorProcess.Result providers = creor().jvmOption("-Xmx64m").run("providers");

        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stdout().lines()).anySatisfy(line -> assertThat(line).startsWith("echo "));
        assertThat(providers.stderr().lines()).containsExactly("creor: error: plugin jar " + bomb + " is refused: its "
                + "entry META-INF/services/dev.creor.spi.ProviderFactory inflates to more than 64 KB, far more than a real "
                + "jar holds there, so Creor reads no further (a zip bomb, or a broken build): rebuild the jar, or "
                + "remove it");
    }

    @Test
    void aPluginCallingSystemExitDuringDiscoveryIsRefusedOrStoppedWithExitCode2() {
        Path exiting = jars.jar(plugins.resolve("exiting-constructor.jar"), "ExitingConstructorFactory");

        CreorProcess.Result refused = creor().run("providers");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stdout().lines()).anySatisfy(line -> assertThat(line).startsWith("echo "));
        assertThat(refused.stderr().lines()).containsExactly("creor: error: plugin jar " + exiting + ": a class that "
                + "META-INF/services/dev.creor.spi.ProviderFactory names cannot be loaded: its class " + PLUGINS
                + "ExitingConstructorFactory calls System.exit, which would end Creor itself, so Creor refuses to load it: "
                + "a provider reports failures as errors and leaves the process alone");

        // Through reflection the call hides from the class check; the exit guard stops it.
        Path reflective = jars.jar(plugins.resolve("reflective-exit-constructor.jar"), "ReflectiveExitConstructorFactory");
        CreorProcess.Result stopped = creor().run("providers");

        // Not exit 0 with an empty table: the plugin thread's exit is stopped and named. (The command's main thread
        // may meanwhile have given up on that thread and printed; whichever exit came first decides, and it was the plugin's.)
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(2);
        assertThat(stopped.stderr().lines()).contains("creor: error: plugin jar " + reflective + " tried to end the "
                + "process: " + PLUGINS + "ReflectiveExit.now(ReflectiveExit.java:7) called Runtime.exit and would have "
                + "ended creor with the exit code it chose; creor stops with exit code 2 instead: remove the jar (or switch "
                + "its provider off with disabled_providers) and report it to its authors");
    }

    @Test
    void aPluginCallingSystemExitDuringARequestFailsTheRequestOrStopsWithExitCode2() {
        Path exiting = jars.jar(plugins.resolve("exiting-chat.jar"), "ExitingChatFactory");
        Path reflective = jars.jar(plugins.resolve("reflective-exit-chat.jar"), "ReflectiveExitChatFactory");

        CreorProcess.Result refused = creor().run("run", "--model", "exiting-chat/fixed", "hello");
        CreorProcess.Result stopped = creor().run("run", "--model", "reflective-exit-chat/fixed", "hello");
        CreorProcess.Result json = creor().run("run", "--json", "--model", "reflective-exit-chat/fixed", "hello");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr().lines()).contains("creor: provider \"exiting-chat\" (" + PLUGINS
                + "ExitingChatFactory, " + exiting + ") failed in chatModel(): its class " + PLUGINS + "ExitingProvider$1 "
                + "calls System.exit, which would end Creor itself, so Creor refuses to load it: a provider reports "
                + "failures as errors and leaves the process alone");

        String guard = "creor: error: plugin jar " + reflective + " tried to end the process: " + PLUGINS
                + "ReflectiveExit.now(ReflectiveExit.java:7) called Runtime.exit and would have ended creor with the exit "
                + "code it chose; creor stops with exit code 2 instead: remove the jar (or switch its provider off with "
                + "disabled_providers) and report it to its authors";
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(2);
        assertThat(stopped.stdout()).isEmpty();
        assertThat(stopped.stderr().lines()).as("no 'interrupted': nobody pressed Ctrl-C").containsExactly(guard);
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(2);
        assertThat(json.stderr().lines()).containsExactly(guard);
    }

    @Test
    void jarsAndDirectoriesOthersCanWriteAreRefusedAndEchoStillAnswers() throws IOException {
        assumeTrue(home.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path writableJar = jars.jar(plugins.resolve("writable.jar"), "SecondFactory");
        Files.setPosixFilePermissions(writableJar, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path openDirectory = Files.createDirectories(home.resolve("open-plugins"));
        jars.jar(openDirectory.resolve("third.jar"), "ThirdFactory");
        Files.setPosixFilePermissions(openDirectory, PosixFilePermissions.fromString("rwxrwxrwx"));
        String path = plugins + File.pathSeparator + openDirectory;

        CreorProcess.Result providers = creor().env("CREOR_PLUGIN_PATH", path).run("providers");
        CreorProcess.Result run = creor().env("CREOR_PLUGIN_PATH", path).run("run", "--model", "echo/any", "hello world");

        List<String> refusals = List.of(
                "creor: error: plugin jar " + writableJar + " can be written by every user (mode rw-rw-rw-), so it is "
                        + "refused: anyone who can write it could make Creor run any code as you; run `chmod go-w "
                        + writableJar + "`",
                "creor: error: plugin directory " + openDirectory + " can be written by every user (mode rwxrwxrwx), so "
                        + "it is refused: anyone who can write it could make Creor run any code as you; run `chmod go-w "
                        + openDirectory + "`");
        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stderr().lines()).containsExactlyElementsOf(refusals);
        assertThat(providers.stdout().lines()).anySatisfy(line -> assertThat(line).startsWith("echo "))
                .noneSatisfy(line -> assertThat(line).startsWith("second "))
                .noneSatisfy(line -> assertThat(line).startsWith("third "));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("hello world\n");
        assertThat(run.stderr().lines()).startsWith(refusals.toArray(String[]::new));
    }

    @Test
    void jarsAndDirectoriesOwnedBySomeoneElseAreRefused() throws IOException {
        String user = ProcessHandle.current().info().user().orElse("?");
        assumeTrue(user.equals("root"), "SKIPPED LOUDLY: giving files to nobody needs root and this runs as " + user
                + "; jarsAndDirectoriesOthersCanWriteAreRefusedAndEchoStillAnswers covers the refusal without it");
        UserPrincipal nobody = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path foreignJar = jars.jar(plugins.resolve("foreign.jar"), "SecondFactory");
        Files.setOwner(foreignJar, nobody);
        Path foreignDirectory = Files.createDirectories(home.resolve("their-plugins"));
        jars.jar(foreignDirectory.resolve("third.jar"), "ThirdFactory");
        Files.setOwner(foreignDirectory, nobody);
        String path = plugins + File.pathSeparator + foreignDirectory;

        CreorProcess.Result providers = creor().env("CREOR_PLUGIN_PATH", path).run("providers");

        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stderr().lines()).containsExactly(
                "creor: error: plugin jar " + foreignJar + " belongs to nobody, not to you (root) or root, so it is "
                        + "refused: its owner could make Creor run any code as you; if you trust it, run `chown root "
                        + foreignJar + "`, else remove it",
                "creor: error: plugin directory " + foreignDirectory + " belongs to nobody, not to you (root) or root, so "
                        + "it is refused: its owner could make Creor run any code as you; if you trust it, run `chown root "
                        + foreignDirectory + "`, else remove it");
        assertThat(providers.stdout().lines()).anySatisfy(line -> assertThat(line).startsWith("echo "))
                .noneSatisfy(line -> assertThat(line).startsWith("second "));
    }

    @Test
    void aRelativePluginPathEntryIsRefusedSoACloneCannotBringPlugins() throws IOException {
        Path clone = Files.createDirectories(home.resolve("cloned-repo"));
        jars.jar(Files.createDirectories(clone.resolve("plugins")).resolve("second.jar"), "SecondFactory");

        CreorProcess.Result providers = creor().in(clone)
                .env("CREOR_PLUGIN_PATH", "plugins" + File.pathSeparator + plugins).run("providers");

        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stderr().lines()).containsExactly("creor: error: CREOR_PLUGIN_PATH lists \"plugins\", a "
                + "relative path, so it is refused: it would load plugins from whatever directory creor runs in (a cloned "
                + "repository, say); write the directory as an absolute path, starting with / or ~/");
        assertThat(providers.stdout().lines()).anySatisfy(line -> assertThat(line).startsWith("echo "))
                .noneSatisfy(line -> assertThat(line).startsWith("second "));
    }
}
