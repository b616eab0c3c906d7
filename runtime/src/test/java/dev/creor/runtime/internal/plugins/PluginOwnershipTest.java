package dev.creor.runtime.internal.plugins;

import static dev.creor.runtime.internal.plugins.PluginFixtures.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.creor.core.Environment;
import dev.creor.runtime.internal.plugins.PluginProblem.Severity;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 2 (plugins): a plugin jar or directory that someone else owns or can write is
 * refused with one line naming it, its owner or mode, and the fix; the other plugins still load.
 * A relative entry of CREOR_PLUGIN_PATH is refused.
 */
class PluginOwnershipTest {
    @TempDir
    static Path build;
    private static Path classes;

    @TempDir
    Path home;
    @TempDir
    Path plugins;

    @BeforeAll
    static void compileFixtures() {
        classes = PluginFixtures.compileAll(build.resolve("classes"));
    }

    @Test
    void aJarOwnedBySomeoneElseIsRefusedAndTheOthersLoad() throws IOException {
        UserPrincipal nobody = nobodyOrSkip();
        Path good = jar(plugins.resolve("good.jar"), "GoodFactory");
        Path foreign = jar(plugins.resolve("foreign.jar"), "SecondFactory");
        Files.setOwner(foreign, nobody);

        try (DiscoveredProviders discovered = discover(plugins.toString())) {
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.ERROR, Origin.jar(foreign),
                    "plugin jar " + foreign + " belongs to nobody, not to you (" + user() + ") or root, so it is "
                            + "refused: its owner could make Creor run any code as you; if you trust it, run `chown "
                            + user() + " " + foreign + "`, else remove it"));
            assertThat(discovered.require("good").origin()).isEqualTo(Origin.jar(good));
            assertThat(discovered.provider("second")).isEmpty();
        }
    }

    @Test
    void aDirectoryOwnedBySomeoneElseIsRefusedWithAllItHolds() throws IOException {
        UserPrincipal nobody = nobodyOrSkip();
        Path mine = Files.createDirectories(plugins.resolve("mine"));
        Path theirs = Files.createDirectories(plugins.resolve("theirs"));
        jar(mine.resolve("good.jar"), "GoodFactory");
        jar(theirs.resolve("second.jar"), "SecondFactory");
        Files.setOwner(theirs, nobody);

        try (DiscoveredProviders discovered = discover(mine + File.pathSeparator + theirs)) {
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.ERROR,
                    new Origin.PluginDirectory(theirs), "plugin directory " + theirs + " belongs to nobody, not to you ("
                            + user() + ") or root, so it is refused: its owner could make Creor run any code as you; if "
                            + "you trust it, run `chown " + user() + " " + theirs + "`, else remove it"));
            assertThat(discovered.provider("good")).isPresent();
            assertThat(discovered.provider("second")).isEmpty();
        }
    }

    @Test
    void aJarOrDirectoryOthersCanWriteIsRefusedNamingItsMode() throws IOException {
        assumeTrue(posix(), "needs POSIX file permissions");
        Path open = Files.createDirectories(plugins.resolve("open"));
        Path mine = Files.createDirectories(plugins.resolve("mine"));
        jar(open.resolve("second.jar"), "SecondFactory");
        jar(mine.resolve("good.jar"), "GoodFactory");
        Path writable = jar(mine.resolve("writable.jar"), "ThirdFactory");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rw-rw-rw-"));

        try (DiscoveredProviders discovered = discover(open + File.pathSeparator + mine)) {
            assertThat(discovered.problems()).containsExactly(
                    PluginProblem.of(Severity.ERROR, new Origin.PluginDirectory(open), "plugin directory " + open
                            + " can be written by every user (mode rwxrwxrwx), so it is refused: anyone who can write it "
                            + "could make Creor run any code as you; run `chmod go-w " + open + "`"),
                    PluginProblem.of(Severity.ERROR, Origin.jar(writable), "plugin jar " + writable
                            + " can be written by every user (mode rw-rw-rw-), so it is refused: anyone who can write it "
                            + "could make Creor run any code as you; run `chmod go-w " + writable + "`"));
            assertThat(discovered.provider("good")).isPresent();
            assertThat(discovered.provider("second")).isEmpty();
            assertThat(discovered.provider("third")).isEmpty();
        }
    }

    @Test
    void aJarItsGroupCanWriteIsRefusedUnlessTheGroupIsTheOwnersOwn() throws IOException {
        assumeTrue(posix(), "needs POSIX file permissions");
        Path ownGroup = jar(plugins.resolve("own-group.jar"), "GoodFactory");
        Path otherGroup = jar(plugins.resolve("other-group.jar"), "SecondFactory");
        Files.setPosixFilePermissions(ownGroup, PosixFilePermissions.fromString("rw-rw-r--"));
        Files.setPosixFilePermissions(otherGroup, PosixFilePermissions.fromString("rw-rw-r--"));
        PosixFileAttributeView view = Files.getFileAttributeView(ownGroup, PosixFileAttributeView.class);
        String owner = view.readAttributes().owner().getName();
        UserPrincipalLookupService names = ownGroup.getFileSystem().getUserPrincipalLookupService();
        Optional<GroupPrincipal> ownersGroup = lookUpGroup(names, owner);
        Optional<GroupPrincipal> another = lookUpGroup(names, "nogroup");
        assumeTrue(ownersGroup.isPresent() && another.isPresent(), "needs a group named like the owner (" + owner
                + ") and the group nogroup");
        view.setGroup(ownersGroup.get());
        Files.getFileAttributeView(otherGroup, PosixFileAttributeView.class).setGroup(another.get());

        try (DiscoveredProviders discovered = discover(plugins.toString())) {
            assertThat(discovered.problems()).extracting(PluginProblem::message).containsExactly("plugin jar " + otherGroup
                    + " can be written by the group nogroup (mode rw-rw-r--), so it is refused: anyone who can write it "
                    + "could make Creor run any code as you; run `chmod go-w " + otherGroup + "`");
            assertThat(discovered.provider("good")).as("a user private group is the owner alone").isPresent();
        }
    }

    @Test
    void aRelativeEntryOfCreorPluginPathIsRefused() {
        Path absolute = plugins.resolve("absolute");
        jar(absolute.resolve("good.jar"), "GoodFactory");

        try (DiscoveredProviders discovered = discover("plugins" + File.pathSeparator + absolute)) {
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.ERROR,
                    new Origin.Setting("CREOR_PLUGIN_PATH"), "CREOR_PLUGIN_PATH lists \"plugins\", a relative path, so "
                            + "it is refused: it would load plugins from whatever directory creor runs in (a cloned "
                            + "repository, say); write the directory as an absolute path, starting with / or ~/"));
            assertThat(discovered.pluginDirectories()).doesNotContain(Path.of("plugins").toAbsolutePath());
            assertThat(discovered.provider("good")).isPresent();
        }
    }

    private DiscoveredProviders discover(String pluginPath) {
        return ProviderDiscovery.builder(Environment.of(Map.of("CREOR_PLUGIN_PATH", pluginPath)), home)
                .hostClassLoader(ProviderDiscoveryTest.WITHOUT_BUILT_INS)
                .build()
                .discover();
    }

    private static Path jar(Path jar, String factory) {
        return PluginJars.jar(jar)
                .classes(classes, PACKAGE + factory, PACKAGE + "FixedProvider")
                .service(PACKAGE + factory)
                .write();
    }

    private static String user() {
        return PluginFileOwnership.currentUser().orElseThrow();
    }

    private static boolean posix() {
        return build.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The user nobody, when this test may give files to it: only root may. */
    private static UserPrincipal nobodyOrSkip() throws IOException {
        assumeTrue(posix(), "needs POSIX file owners");
        assumeTrue(user().equals("root"), "SKIPPED LOUDLY: giving a file to another user needs root, and these tests run"
                + " as " + user() + "; the others-writable tests cover the refusal without it");
        return build.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    private static Optional<GroupPrincipal> lookUpGroup(UserPrincipalLookupService names, String group)
            throws IOException {
        try {
            return Optional.of(names.lookupPrincipalByGroupName(group));
        } catch (UserPrincipalNotFoundException unknown) {
            return Optional.empty();
        }
    }
}
