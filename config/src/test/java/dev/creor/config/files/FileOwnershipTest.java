package dev.creor.config.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOwnershipTest {
    @TempDir
    Path directory;

    private Path file;
    private String user;

    @BeforeEach
    void ownFile() throws IOException {
        file = Files.writeString(directory.resolve("creor.json"), "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        user = FileOwnership.currentUser().orElseThrow();
    }

    @Test
    void aFileOfTheUserThatOnlyTheUserMayWriteIsTheUsersOwn() throws IOException {
        assertThat(FileOwnership.check(file)).isEmpty();
        FileOwnership.require(file, "the config file");
    }

    @Test
    void aFileOthersMayWriteIsRefusedWithItsModeAndTheFix() throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        Optional<FileOwnership.Problem> problem = FileOwnership.check(file);

        assertThat(problem).hasValueSatisfying(found -> {
            assertThat(found.reason()).isEqualTo(FileOwnership.Reason.WRITABLE_BY_OTHERS);
            assertThat(found.describe("the config file")).isEqualTo("the config file " + file
                    + " may be written by users other than its owner " + user + " (mode rw-rw-rw-)");
            assertThat(found.fix()).isEqualTo("run `chmod go-w " + file + "`, and check that nobody changed it");
        });
        assertThatThrownBy(() -> FileOwnership.require(file, "the config file"))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.hint()).contains("run `chmod go-w " + file + "`, and check that nobody changed it");
                });
    }

    @Test
    void groupWriteIsAllowedForTheOwnersPrivateGroupOnly() throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        assumeThat(view.readAttributes().group().getName()).as("SKIPPED: the test user has no private group")
                .isEqualTo(user);
        assertThat(FileOwnership.check(file)).isEmpty();

        GroupPrincipal shared = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("nogroup");
        assumeThat(changeGroup(view, shared)).as("SKIPPED: changing a file's group to nogroup needs root").isTrue();

        assertThat(FileOwnership.check(file)).hasValueSatisfying(found ->
                assertThat(found.reason()).isEqualTo(FileOwnership.Reason.WRITABLE_BY_OTHERS));
    }

    @Test
    void aFileOfAnotherUserIsRefusedWhateverItsMode() throws IOException {
        assumeThat(changeOwner(file, 65534)).as("SKIPPED: changing a file's owner needs root").isTrue();
        String stranger = Files.getOwner(file).getName();

        assertThat(FileOwnership.check(file)).hasValueSatisfying(found -> {
            assertThat(found.reason()).isEqualTo(FileOwnership.Reason.OWNED_BY_ANOTHER_USER);
            assertThat(found.describe("the config file")).isEqualTo("the config file " + file + " belongs to "
                    + stranger + ", not to " + user + " who runs creor (mode rw-r--r--)");
            assertThat(found.fix()).startsWith("if it is yours, run `chown " + user + " " + file + "` as root");
        });
    }

    @Test
    void aLinkIsJudgedByWhatItPointsToUnlessAskedAboutTheLinkItself() throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path link = Files.createSymbolicLink(directory.resolve("link.json"), file);

        assertThat(FileOwnership.check(link)).isPresent();
        assertThat(FileOwnership.checkWithoutFollowingLinks(link)).isEmpty();
    }

    private static boolean changeOwner(Path path, int uid) {
        try {
            Files.setAttribute(path, "unix:uid", uid);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean changeGroup(PosixFileAttributeView view, GroupPrincipal group) {
        try {
            view.setGroup(group);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
