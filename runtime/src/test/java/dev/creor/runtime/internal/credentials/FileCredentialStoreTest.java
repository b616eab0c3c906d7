package dev.creor.runtime.internal.credentials;

import static dev.creor.runtime.internal.credentials.TestKeys.CANARY;
import static dev.creor.runtime.internal.credentials.TestKeys.CANARY_TEXT;
import static dev.creor.runtime.internal.credentials.TestKeys.OTHER;
import static dev.creor.runtime.internal.credentials.TestKeys.assertNoKeyIn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileCredentialStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock NOON = Clock.fixed(Instant.parse("2025-03-04T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    private Path file;
    private FileCredentialStore store;

    @BeforeEach
    void createStoreInTemporaryHome() {
        file = home.resolve(".local/share/creor/auth.json");
        store = new FileCredentialStore(file, NOON);
    }

    @Nested
    class Location {
        @Test
        void followsXdgDataHome() {
            Path dataHome = home.resolve("data");

            Path location = FileCredentialStore.defaultLocation(
                    Environment.of(Map.of("XDG_DATA_HOME", dataHome.toString())), home);

            assertThat(location).isEqualTo(dataHome.resolve("creor/auth.json"));
        }

        @Test
        void defaultsToLocalShareInTheHomeDirectory() {
            assertThat(FileCredentialStore.defaultLocation(Environment.empty(), home))
                    .isEqualTo(home.resolve(".local/share/creor/auth.json"));
        }

        @Test
        void ignoresARelativeXdgDataHomeAsTheSpecificationAsks() {
            assertThat(FileCredentialStore.defaultLocation(Environment.of(Map.of("XDG_DATA_HOME", "data")), home))
                    .isEqualTo(home.resolve(".local/share/creor/auth.json"));
        }

        @Test
        void forUserStoresWhereTheDefaultLocationSays() {
            FileCredentialStore forUser = FileCredentialStore.forUser(Environment.empty(), home);

            forUser.put("openrouter", CANARY);

            assertThat(forUser.path()).isEqualTo(file);
            assertThat(store.get("openrouter")).contains(CANARY);
        }
    }

    @Nested
    class ReadingAndWriting {
        @Test
        void anAbsentStoreIsEmpty() {
            assertThat(store.get("openrouter")).isEmpty();
            assertThat(store.providerIds()).isEmpty();
            assertThat(file).doesNotExist();
        }

        @Test
        void storesOneApiEntryPerProvider() throws IOException {
            store.put("openrouter", CANARY);
            store.put("echo", OTHER);

            assertThat(store.get("openrouter")).contains(CANARY);
            assertThat(store.get("echo")).contains(OTHER);
            assertThat(store.providerIds()).containsExactly("echo", "openrouter");
            assertThat(JSON.readTree(file.toFile())).isEqualTo(JSON.readTree("""
                    {"openrouter": {"type": "api", "key": "%s"}, "echo": {"type": "api", "key": "%s"}}
                    """.formatted(CANARY_TEXT, OTHER.reveal())));
        }

        @Test
        void replacesTheKeyOfAProvider() {
            store.put("openrouter", OTHER);
            store.put("openrouter", CANARY);

            assertThat(store.get("openrouter")).contains(CANARY);
        }

        @Test
        void removesOnlyTheGivenProviderAndSaysWhetherThereWasOne() throws IOException {
            store.put("openrouter", CANARY);
            store.put("echo", OTHER);

            assertThat(store.remove("openrouter")).isTrue();
            assertThat(store.remove("openrouter")).isFalse();
            assertThat(store.providerIds()).containsExactly("echo");
            assertThat(store.remove("echo")).isTrue();
            assertThat(JSON.readTree(file.toFile())).isEqualTo(JSON.createObjectNode());
        }

        @Test
        void removingFromAnAbsentStoreCreatesNothing() {
            assertThat(store.remove("openrouter")).isFalse();

            assertThat(file.getParent()).doesNotExist();
        }

        @Test
        void aStoreWrittenByAnotherInstanceIsReadFresh() {
            new FileCredentialStore(file).put("openrouter", CANARY);

            assertThat(store.get("openrouter")).contains(CANARY);
        }

        @Test
        void anEmptyFileIsAnEmptyStore() throws IOException {
            store.put("openrouter", CANARY);
            Files.write(file, " \n".getBytes(UTF_8));

            assertThat(store.providerIds()).isEmpty();
            store.put("echo", OTHER);
            assertThat(store.providerIds()).containsExactly("echo");
        }

        @Test
        void keepsUnknownEntriesAndFieldsIntactOnRewrite() throws IOException {
            writeStore("""
                    {
                      "future": {"type": "oauth", "refresh": "r-token", "expires": 1735689600},
                      "openrouter": {"type": "api", "key": "%s", "addedBy": "settings page"},
                      "Not An Id": {"type": "api", "key": "kept-as-is-1234567"}
                    }
                    """.formatted(OTHER.reveal()));

            store.put("openrouter", CANARY);
            store.put("echo", OTHER);
            store.remove("echo");

            assertThat(JSON.readTree(file.toFile())).isEqualTo(JSON.readTree("""
                    {
                      "future": {"type": "oauth", "refresh": "r-token", "expires": 1735689600},
                      "openrouter": {"type": "api", "key": "%s", "addedBy": "settings page"},
                      "Not An Id": {"type": "api", "key": "kept-as-is-1234567"}
                    }
                    """.formatted(CANARY_TEXT)));
        }

        @Test
        void entriesOfOtherTypesAreNeitherReadNorListedButAreReplacedByAnApiKey() throws IOException {
            writeStore("{\"future\": {\"type\": \"oauth\", \"refresh\": \"r\"}}");

            assertThat(store.get("future")).isEmpty();
            assertThat(store.providerIds()).isEmpty();

            store.put("future", CANARY);

            assertThat(JSON.readTree(file.toFile()).get("future"))
                    .isEqualTo(JSON.readTree("{\"type\": \"api\", \"key\": \"" + CANARY_TEXT + "\"}"));
        }

        @Test
        void rejectsAMalformedProviderIdWithoutRepeatingAKeyPastedInItsPlace() {
            assertThatThrownBy(() -> store.get("Open Router"))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                        assertThat(error.getMessage()).isEqualTo("\"Open Router\" is not a provider id");
                        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("lower-case"));
                    });
            String pastedKey = "SK-OR-V1-" + "C4A7A12Y".repeat(8);
            assertThatThrownBy(() -> store.put(pastedKey, CANARY))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.getMessage()).doesNotContain("C4A7A12YC4A7A12Y").contains("SK-OR-V1-…");
                    });
        }

        @Test
        void neverShowsAKeyInToString() {
            store.put("openrouter", CANARY);

            assertThat(store.toString()).isEqualTo("FileCredentialStore[" + file + "]");
        }
    }

    @Nested
    class Permissions {
        @Test
        void createsTheDirectoryOwnerOnlyAndTheFileReadableByTheOwnerAlone() throws IOException {
            store.put("openrouter", CANARY);

            assertThat(mode(file.getParent())).isEqualTo("rwx------");
            assertThat(mode(file)).isEqualTo("rw-------");
            assertThat(mode(file.resolveSibling("auth.json.lock"))).isEqualTo("rw-------");
            assertThat(store.protectionWarning()).isEmpty();
        }

        @Test
        void keepsTheFileOwnerOnlyAcrossRewrites() throws IOException {
            store.put("openrouter", CANARY);
            store.put("echo", OTHER);
            store.remove("echo");

            assertThat(mode(file)).isEqualTo("rw-------");
        }

        @Test
        void writesTheTempFileOwnerOnlyFromTheStartAndLeavesNoneBehind() throws IOException {
            List<String> tempModes = new ArrayList<>();
            FileCredentialStore observed = new FileCredentialStore(file, NOON, true,
                    temp -> tempModes.add(temp.getFileName().toString().startsWith(".auth.json.") + " " + mode(temp)));

            observed.put("openrouter", CANARY);
            observed.put("echo", OTHER);

            assertThat(tempModes).containsExactly("true rw-------", "true rw-------");
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrder("auth.json", "auth.json.lock");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"rw-r--r--", "rw-rw----", "rw----r--", "rw-----w-", "rwx--x---"})
        void refusesAStoreOpenToOtherUsersAndLeavesItUntouched(String unsafeMode) throws IOException {
            store.put("openrouter", CANARY);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(unsafeMode));
            byte[] before = Files.readAllBytes(file);

            for (ThrowingCallable operation : List.<ThrowingCallable>of(() -> store.get("openrouter"),
                    () -> store.put("echo", OTHER), () -> store.remove("openrouter"), store::providerIds)) {
                assertThatThrownBy(operation).isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage())
                            .isEqualTo("the credential store " + file + " is open to other users (mode " + unsafeMode
                                    + "); it must be readable by you alone");
                    assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                            .contains("`chmod 600 " + file + "`").contains("--replace-corrupt"));
                    assertNoKeyIn(error);
                });
            }
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
            assertThat(mode(file)).isEqualTo(unsafeMode);
        }

        @Test
        void refusesAStoreThatBelongsToAnotherUser() throws IOException {
            store.put("openrouter", CANARY);
            assumeThat(changeOwnerTo(4242)).as("changing a file's owner needs root").isTrue();
            String stranger = Files.getOwner(file).getName();

            assertThatThrownBy(() -> store.get("openrouter")).isInstanceOfSatisfying(CreorException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                assertThat(error.getMessage()).startsWith("the credential store " + file + " belongs to " + stranger
                        + ", not to ");
                assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("chown"));
            });
        }

        @Test
        void leavesAnExistingDirectoryAsItIs() throws IOException {
            Files.createDirectories(file.getParent());
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

            store.put("openrouter", CANARY);

            assertThat(mode(file.getParent())).isEqualTo("rwxr-xr-x");
            assertThat(mode(file)).isEqualTo("rw-------");
        }

        @Test
        void withoutPosixPermissionsItStillWorksAndSaysItCannotProtectTheFile() {
            FileCredentialStore withoutPosix = new FileCredentialStore(file, NOON, false, temp -> { });

            withoutPosix.put("openrouter", CANARY);

            assertThat(withoutPosix.get("openrouter")).contains(CANARY);
            assertThat(withoutPosix.protectionWarning()).hasValueSatisfying(warning -> assertThat(warning)
                    .contains("has no POSIX permissions").contains(file.toString()));
        }

        private boolean changeOwnerTo(int uid) {
            try {
                Files.setAttribute(file, "unix:uid", uid);
                return true;
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
    }

    @Nested
    class AtomicReplacement {
        @Test
        void aReaderDuringAWriteSeesTheWholeOldFile() throws IOException {
            store.put("openrouter", OTHER);
            byte[] before = Files.readAllBytes(file);
            AtomicReference<Optional<Secret>> seenMidWrite = new AtomicReference<>();
            AtomicReference<byte[]> bytesMidWrite = new AtomicReference<>();
            FileCredentialStore writer = new FileCredentialStore(file, NOON, true, temp -> {
                bytesMidWrite.set(Files.readAllBytes(file));
                seenMidWrite.set(new FileCredentialStore(file).get("openrouter"));
            });

            writer.put("openrouter", CANARY);

            assertThat(bytesMidWrite.get()).isEqualTo(before);
            assertThat(seenMidWrite.get()).contains(OTHER);
            assertThat(store.get("openrouter")).contains(CANARY);
        }

        @Test
        void aWriteThatFailsBeforeTheRenameLeavesTheOldFileAndNoTempFile() throws IOException {
            store.put("openrouter", OTHER);
            byte[] before = Files.readAllBytes(file);
            FileCredentialStore failing = new FileCredentialStore(file, NOON, true, temp -> {
                throw new IOException("disk full");
            });

            assertThatThrownBy(() -> failing.put("openrouter", CANARY))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.IO_ERROR);
                        assertThat(error.getMessage()).isEqualTo("could not update the credential store " + file
                                + " (IOException: disk full)");
                        assertNoKeyIn(error);
                    });
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrder("auth.json", "auth.json.lock");
            }
        }

        @Test
        void threadsWritingThroughSeparateInstancesLoseNoEntry() throws Exception {
            int threads = 4;
            int entriesEach = 15;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<CompletableFuture<Void>> writers = IntStream.range(0, threads)
                        .mapToObj(thread -> CompletableFuture.runAsync(() -> {
                            FileCredentialStore own = new FileCredentialStore(file);
                            awaitQuietly(start);
                            for (int entry = 0; entry < entriesEach; entry++) {
                                own.put("t" + thread + "-" + entry, Secret.of("key-" + thread + "-" + entry + "-padding"));
                            }
                        }, pool))
                        .toList();
                start.countDown();
                CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }

            assertThat(store.providerIds()).hasSize(threads * entriesEach);
            assertThat(store.get("t3-14")).contains(Secret.of("key-3-14-padding"));
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Nested
    class CorruptStore {
        @Test
        void invalidJsonIsAClearErrorAndIsNeverOverwritten() throws IOException {
            // An unquoted key: Jackson's own message would quote it, Creor's must not.
            writeStore("{\"openrouter\": {\"type\": \"api\", \"key\": " + CANARY_TEXT + "}}\n");
            byte[] before = Files.readAllBytes(file);

            for (ThrowingCallable operation : List.<ThrowingCallable>of(() -> store.get("openrouter"),
                    () -> store.put("openrouter", OTHER), () -> store.remove("openrouter"), store::providerIds)) {
                assertThatThrownBy(operation).isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).startsWith("the credential store " + file
                            + " cannot be parsed as JSON at line 1, column ");
                    assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                            .contains("creor auth login <provider> --replace-corrupt"));
                    assertNoKeyIn(error);
                });
            }
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }

        @Test
        void aProviderListedTwiceIsCorrupt() throws IOException {
            writeStore("""
                    {"openrouter": {"type": "api", "key": "a-first-key-123456"},
                     "openrouter": {"type": "api", "key": "a-second-key-12345"}}
                    """);

            assertCorrupt("cannot be parsed as JSON at line 2, column ");
        }

        @Test
        void aTopLevelOtherThanAnObjectIsCorrupt() throws IOException {
            writeStore("[\"" + CANARY_TEXT + "\"]");

            assertCorrupt("must hold a JSON object {\"<provider>\": {\"type\": \"api\", \"key\": \"...\"}}, "
                    + "but holds an array");
        }

        @Test
        void anEntryOtherThanAnObjectIsCorrupt() throws IOException {
            writeStore("{\"openrouter\": \"" + CANARY_TEXT + "\"}");

            assertCorrupt("the entry \"openrouter\" must be an object like {\"type\": \"api\", \"key\": \"...\"}, "
                    + "but is a string");
        }

        @Test
        void anEntryWithoutTypeIsCorrupt() throws IOException {
            writeStore("{\"openrouter\": {\"key\": \"" + CANARY_TEXT + "\"}}");

            assertCorrupt("the entry \"openrouter\" has no \"type\" text (\"api\" for an API key)");
        }

        @Test
        void anApiEntryWithoutKeyIsCorrupt() throws IOException {
            writeStore("{\"openrouter\": {\"type\": \"api\", \"key\": \"  \"}}");

            assertCorrupt("the entry \"openrouter\" is of type \"api\" but has no \"key\" text");
        }

        @Test
        void anEntryNamedLikeAKeyIsNamedMasked() throws IOException {
            writeStore("{\"" + CANARY_TEXT + "\": 1}");

            assertCorrupt("the entry \"" + CANARY.masked() + "\" must be an object like {\"type\": \"api\", "
                    + "\"key\": \"...\"}, but is a number");
        }

        @Test
        void replaceCorruptMovesTheFileToATimestampedBackupThenANewStoreStarts() throws IOException {
            writeStore("{not json " + CANARY_TEXT);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            byte[] before = Files.readAllBytes(file);

            Optional<Path> backup = store.replaceCorrupt();

            Path expected = file.resolveSibling("auth.json.corrupt-20250304T120000Z");
            assertThat(backup).contains(expected);
            assertThat(Files.readAllBytes(expected)).isEqualTo(before);
            assertThat(mode(expected)).isEqualTo("rw-------");
            assertThat(file).doesNotExist();
            store.put("openrouter", OTHER);
            assertThat(store.providerIds()).containsExactly("openrouter");
        }

        @Test
        void replaceCorruptNeverOverwritesAnEarlierBackup() throws IOException {
            writeStore("first corrupt");
            store.replaceCorrupt();
            writeStore("second corrupt");

            assertThat(store.replaceCorrupt()).contains(file.resolveSibling("auth.json.corrupt-20250304T120000Z-2"));
            assertThat(Files.readString(file.resolveSibling("auth.json.corrupt-20250304T120000Z")))
                    .isEqualTo("first corrupt");
        }

        @Test
        void replaceCorruptAlsoMovesAStoreOpenToOtherUsers() throws IOException {
            store.put("openrouter", CANARY);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

            assertThat(store.replaceCorrupt()).isPresent();
            assertThat(store.providerIds()).isEmpty();
        }

        @Test
        void replaceCorruptLeavesAHealthyOrAbsentStoreAlone() throws IOException {
            assertThat(store.replaceCorrupt()).isEmpty();

            store.put("openrouter", CANARY);
            byte[] before = Files.readAllBytes(file);

            assertThat(store.replaceCorrupt()).isEmpty();
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }

        private void assertCorrupt(String problem) throws IOException {
            byte[] before = Files.readAllBytes(file);
            assertThatThrownBy(() -> store.put("echo", OTHER)).isInstanceOfSatisfying(CreorException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                assertThat(error.getMessage()).startsWith("the credential store " + file + " " + problem);
                assertNoKeyIn(error);
            });
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
    }

    /**
     * Attacks through the file system: whoever can plant a link or a file in the store's place
     * must not get to choose what is read, or where the keys are written.
     */
    @Nested
    class NeverFollowsLinks {
        @Test
        void aSymbolicLinkInPlaceOfTheStoreIsRefusedAndNeitherFollowedNorReplaced() throws IOException {
            Path elsewhere = Files.writeString(home.resolve("planted.json"),
                    "{\"openrouter\": {\"type\": \"api\", \"key\": \"" + CANARY_TEXT + "\"}}");
            Files.createDirectories(file.getParent());
            Files.createSymbolicLink(file, elsewhere);

            for (ThrowingCallable operation : List.<ThrowingCallable>of(() -> store.get("openrouter"),
                    () -> store.put("echo", OTHER), () -> store.remove("openrouter"), store::providerIds)) {
                assertThatThrownBy(operation).isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).isEqualTo("the credential store " + file + " is a symbolic link to "
                            + elsewhere + "; Creor never follows a link there, since whoever made it would choose what"
                            + " is read and where the next write goes");
                    assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("--replace-corrupt"));
                    assertNoKeyIn(error);
                });
            }
            assertThat(Files.isSymbolicLink(file)).isTrue();
            assertThat(Files.readString(elsewhere)).contains(CANARY_TEXT);
        }

        @Test
        void aLinkToAFileThatDoesNotExistYetIsRefusedAndTheFileIsNeverCreated() throws IOException {
            Path chosenByAnAttacker = home.resolve("attacker/keys.json");
            Files.createDirectories(file.getParent());
            Files.createDirectories(chosenByAnAttacker.getParent());
            Files.createSymbolicLink(file, chosenByAnAttacker);

            assertThatThrownBy(() -> store.put("openrouter", CANARY)).isInstanceOf(CreorException.class)
                    .hasMessageContaining("is a symbolic link");

            assertThat(chosenByAnAttacker).doesNotExist();
            assertThat(Files.isSymbolicLink(file)).isTrue();
        }

        @Test
        void aSymbolicLinkInPlaceOfTheLockFileIsRefusedAndNothingIsCreatedWhereItPoints() throws IOException {
            Path target = home.resolve("elsewhere/created-by-creor");
            Files.createDirectories(target.getParent());
            Files.createDirectories(file.getParent());
            Path lock = file.resolveSibling("auth.json.lock");
            Files.createSymbolicLink(lock, target);

            assertThatThrownBy(() -> store.put("openrouter", CANARY)).isInstanceOfSatisfying(CreorException.class,
                    error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(error.getMessage()).isEqualTo("the credential store's lock file " + lock
                                + " is a symbolic link; Creor never follows a link there");
                        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("rm " + lock));
                    });

            assertThat(target).doesNotExist();
            assertThat(file).doesNotExist();
        }

        @Test
        void theNextWriteRemovesTemporaryFilesACrashLeftBehindWithoutFollowingLinks() throws IOException {
            store.put("openrouter", CANARY);
            Path crashed = Files.writeString(file.resolveSibling(".auth.json.4711.tmp"),
                    "{\"openrouter\": {\"type\": \"api\", \"key\": \"" + CANARY_TEXT + "\"}}");
            Path victim = Files.writeString(home.resolve("victim.txt"), "keep me");
            Path linked = Files.createSymbolicLink(file.resolveSibling(".auth.json.4712.tmp"), victim);

            store.put("echo", OTHER);

            assertThat(crashed).doesNotExist();
            assertThat(Files.exists(linked, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.readString(victim)).isEqualTo("keep me");
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrder("auth.json", "auth.json.lock");
            }
        }

        @Test
        void replaceCorruptBacksUpTheBytesALinkPointedToNotTheLink() throws IOException {
            Path real = Files.writeString(home.resolve("dotfiles-auth.json"), "{broken " + CANARY_TEXT);
            Files.createDirectories(file.getParent());
            Files.createSymbolicLink(file, real);

            Optional<Path> backup = store.replaceCorrupt();

            Path expected = file.resolveSibling("auth.json.corrupt-20250304T120000Z");
            assertThat(backup).contains(expected);
            assertThat(Files.isSymbolicLink(expected)).isFalse();
            assertThat(Files.readString(expected)).isEqualTo("{broken " + CANARY_TEXT);
            assertThat(mode(expected)).isEqualTo("rw-------");
            assertThat(Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.readString(real)).isEqualTo("{broken " + CANARY_TEXT);
            store.put("openrouter", OTHER);
            assertThat(Files.isSymbolicLink(file)).isFalse();
            assertThat(Files.readString(real)).isEqualTo("{broken " + CANARY_TEXT);
        }

        @ParameterizedTest
        @ValueSource(strings = {"rwxrwxrwx", "rwx---rwx"})
        void aStoreDirectoryOthersMayWriteIsRefused(String unsafeMode) throws IOException {
            store.put("openrouter", CANARY);
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString(unsafeMode));

            for (ThrowingCallable operation : List.<ThrowingCallable>of(() -> store.get("openrouter"),
                    () -> store.put("echo", OTHER))) {
                assertThatThrownBy(operation).isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).startsWith("the credential store's folder " + file.getParent()
                            + " may be written by users other than its owner").contains("(mode " + unsafeMode + ")");
                    assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                            .contains("chmod go-w " + file.getParent()));
                });
            }
        }

        @Test
        void aStoreDirectoryOfAnotherUserIsRefused() throws IOException {
            store.put("openrouter", CANARY);
            assumeThat(changeOwner(file.getParent(), 65534))
                    .as("SKIPPED: changing a folder's owner needs root; the chmod variants above still run").isTrue();
            String stranger = Files.getOwner(file.getParent()).getName();

            assertThatThrownBy(() -> store.get("openrouter")).isInstanceOfSatisfying(CreorException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                assertThat(error.getMessage()).startsWith("the credential store's folder " + file.getParent()
                        + " belongs to " + stranger + ", not to ");
                assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("chown"));
            });
        }

        private boolean changeOwner(Path path, int uid) {
            try {
                Files.setAttribute(path, "unix:uid", uid);
                return true;
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
    }

    private void writeStore(String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
