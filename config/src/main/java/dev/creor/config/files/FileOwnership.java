package dev.creor.config.files;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a file or folder is the user's own: it belongs to the user running Creor (or to
 * root) and nobody else may write it. Creor takes configuration, keys, trust records and
 * plugins only from such files, because a file another user can write is that user's say over
 * where your keys go, not yours. OpenSSH checks {@code authorized_keys} the same way.
 *
 * <p>Write permission for the group is allowed in one case: a <em>user private group</em>, a
 * group named like the owner, which Debian and most distributions create for each user (and
 * which {@code umask 002} relies on); nobody else is a member of it. Any other group write, and
 * write for others, is refused.
 *
 * <p>Where the file system has no POSIX attributes (Windows), or the name of the user running
 * Creor cannot be found, nothing is checked: the folder's access-control list is what protects
 * the files there.
 *
 * <pre>{@code
 * FileOwnership.require(pluginFolder, "the plugin folder");   // throws CONFIG_INVALID with the fix
 * Optional<FileOwnership.Problem> problem = FileOwnership.check(file);
 * }</pre>
 */
public final class FileOwnership {
    private static final String ROOT = "root";

    private FileOwnership() {
    }

    /** Why a file is not the user's own. */
    public enum Reason {
        /** It belongs to another user, who may change it (or its mode) at will. */
        OWNED_BY_ANOTHER_USER,
        /** Users other than its owner may write it. */
        WRITABLE_BY_OTHERS
    }

    /**
     * A file or folder that is not the user's own, with what it takes to make it so.
     *
     * @param path   the file, as checked
     * @param owner  the name of its owner
     * @param user   the name of the user running Creor
     * @param mode   its permissions, e.g. {@code rw-rw-rw-}
     * @param reason what is wrong
     */
    public record Problem(Path path, String owner, String user, String mode, Reason reason) {
        /** Checks for nulls. */
        public Problem {
            Objects.requireNonNull(path, "path is null");
            Objects.requireNonNull(owner, "owner is null");
            Objects.requireNonNull(user, "user is null");
            Objects.requireNonNull(mode, "mode is null");
            Objects.requireNonNull(reason, "reason is null");
        }

        /**
         * What is wrong, as a sentence about {@code role}: {@code the config file /tmp/creor.json
         * belongs to nobody, not to ada who runs creor (mode rw-r--r--)}.
         *
         * @param role what the file is to Creor, e.g. {@code the config file}
         */
        public String describe(String role) {
            return role + " " + path + " " + summary();
        }

        /**
         * What is wrong, without naming the file: {@code belongs to nobody, not to ada who runs
         * creor (mode rw-r--r--)}.
         */
        public String summary() {
            return switch (reason) {
                case OWNED_BY_ANOTHER_USER -> "belongs to " + owner + ", not to " + user + " who runs creor (mode "
                        + mode + ")";
                case WRITABLE_BY_OTHERS -> "may be written by users other than its owner " + owner + " (mode " + mode
                        + ")";
            };
        }

        /** The command that makes the file the user's own, or how to avoid it. */
        public String fix() {
            return switch (reason) {
                case OWNED_BY_ANOTHER_USER -> "if it is yours, run `chown " + user + " " + path + "` as root; if it is "
                        + "not, remove it or work elsewhere: Creor uses only files that you (or root) own";
                case WRITABLE_BY_OTHERS -> "run `chmod go-w " + path + "`" + (owner.equals(user) ? ""
                        : " as " + owner) + ", and check that nobody changed it";
            };
        }
    }

    /**
     * Checks a file or folder, following symbolic links (what is checked is what a read gets).
     *
     * @return the problem, or empty when the file is the user's own, or cannot be checked here
     * @throws IOException when its attributes cannot be read (it does not exist, say)
     */
    public static Optional<Problem> check(Path path) throws IOException {
        return check(path, new LinkOption[0]);
    }

    /**
     * Checks a file, folder or link itself, without following a symbolic link. A link's own mode
     * means nothing, so for a link only its owner is checked.
     *
     * @return the problem, or empty when the file is the user's own, or cannot be checked here
     * @throws IOException when its attributes cannot be read
     */
    public static Optional<Problem> checkWithoutFollowingLinks(Path path) throws IOException {
        return check(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Refuses a file or folder that is not the user's own, following symbolic links.
     *
     * @param role what it is to Creor, for the message, e.g. {@code the plugin folder}
     * @throws CreorException with {@code CONFIG_INVALID} saying whose it is, its mode and the fix,
     *                        or with {@code IO_ERROR} when its attributes cannot be read
     */
    public static void require(Path path, String role) {
        Objects.requireNonNull(role, "role is null");
        Optional<Problem> problem;
        try {
            problem = check(path);
        } catch (IOException e) {
            throw CreorException.builder(ErrorCode.IO_ERROR, "cannot check who owns " + role + " " + path + " ("
                    + e.getClass().getSimpleName() + ")").cause(e).build();
        }
        if (problem.isPresent()) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, problem.get().describe(role))
                    .hint(problem.get().fix()).build();
        }
    }

    /** The name of the user running Creor, as file owners are named, when it can be found. */
    public static Optional<String> currentUser() {
        return CurrentUser.NAME;
    }

    private static Optional<Problem> check(Path path, LinkOption... options) throws IOException {
        Objects.requireNonNull(path, "path is null");
        Optional<String> user = CurrentUser.NAME;
        if (user.isEmpty() || !path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, options);
        String owner = attributes.owner().getName();
        Set<PosixFilePermission> permissions = attributes.permissions();
        String mode = PosixFilePermissions.toString(permissions);
        if (!owner.equals(user.get()) && !owner.equals(ROOT)) {
            return Optional.of(new Problem(path, owner, user.get(), mode, Reason.OWNED_BY_ANOTHER_USER));
        }
        if (attributes.isSymbolicLink()) {
            // A link's own mode is always rwxrwxrwx and means nothing; only its owner may change it.
            return Optional.empty();
        }
        boolean userPrivateGroup = attributes.group().getName().equals(owner);
        if (permissions.contains(PosixFilePermission.OTHERS_WRITE)
                || (permissions.contains(PosixFilePermission.GROUP_WRITE) && !userPrivateGroup)) {
            return Optional.of(new Problem(path, owner, user.get(), mode, Reason.WRITABLE_BY_OTHERS));
        }
        return Optional.empty();
    }

    /** The login name of this process's user, looked up once. */
    private static final class CurrentUser {
        static final Optional<String> NAME = ProcessHandle.current().info().user();
    }
}
