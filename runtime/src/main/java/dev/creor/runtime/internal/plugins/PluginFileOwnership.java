package dev.creor.runtime.internal.plugins;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Whether a plugin jar or plugin directory may hold code that Creor runs as its user: it must
 * belong to that user or to root, and nobody else may write it. Whoever can write a plugin
 * jar, or drop one into a plugin directory, decides what code runs with the user's keys.
 *
 * <p>"Nobody else may write it" means: not writable by others, and not writable by its group
 * unless that group is the owner's own (a user private group, named like the user, as Debian
 * and Ubuntu create them). Links are followed: what counts is the file that would be loaded.
 * On a file system without POSIX attributes nothing is checked.
 *
 * <p>This is the plugins' private copy of the "owned by the user or root, not writable by
 * others" check that the trust work writes for config files, {@code auth.json} and
 * {@code trust.json}; the two are meant to become one shared check.
 */
final class PluginFileOwnership {
    private static final String ROOT = "root";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PluginFileOwnership() {
    }

    /**
     * Why the file or directory must not be used, as one sentence naming it, its owner or mode,
     * and the fix; empty when it may be used.
     *
     * @param what how the message names it, e.g. {@code plugin jar} or {@code plugin directory}
     */
    static Optional<String> refusal(Path path, String what) {
        if (!POSIX) {
            return Optional.empty();
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException | SecurityException unreadable) {
            return Optional.of(what + " " + path + " is refused: its owner and mode cannot be read ("
                    + Failures.describe(unreadable) + "); check its permissions");
        }
        String owner = attributes.owner().getName();
        Optional<String> user = currentUser();
        if (user.isPresent() && !owner.equals(user.get()) && !owner.equals(ROOT)) {
            return Optional.of(what + " " + path + " belongs to " + owner + ", not to you (" + user.get()
                    + ") or root, so it is refused: its owner could make Creor run any code as you; if you trust it, "
                    + "run `chown " + user.get() + " " + path + "`, else remove it");
        }
        boolean othersWrite = attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE);
        boolean foreignGroupWrites = attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                && !attributes.group().getName().equals(owner);
        if (othersWrite || foreignGroupWrites) {
            String writers = othersWrite ? "every user" : "the group " + attributes.group().getName();
            return Optional.of(what + " " + path + " can be written by " + writers + " (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "), so it is refused: anyone who can "
                    + "write it could make Creor run any code as you; run `chmod go-w " + path + "`");
        }
        return Optional.empty();
    }

    /** The login name of the user running Creor, as file owners are named. */
    static Optional<String> currentUser() {
        return CurrentUser.NAME;
    }

    /** Looked up once: it cannot change while the process runs. */
    private static final class CurrentUser {
        static final Optional<String> NAME = ProcessHandle.current().info().user();
    }
}
