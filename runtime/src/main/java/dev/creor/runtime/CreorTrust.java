package dev.creor.runtime;

import dev.creor.config.ConfigLoader;
import dev.creor.config.files.FileOwnership;
import dev.creor.config.trust.TrustStore;
import dev.creor.config.trust.TrustedFolder;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The project folders whose config files the user trusts ({@code creor trust}; the record is
 * {@code trust.json} in the user's data directory). A trusted folder's files may set everything,
 * including where requests go and what they carry; a file changed or added after the folder was
 * trusted is untrusted until it is trusted again. Get one from {@link Creor.Builder#trust()}: it
 * uses the builder's working directory, home and environment, and starts nothing.
 */
public final class CreorTrust {
    private final Path workingDirectory;
    private final Path homeDirectory;
    private final Environment environment;
    private final TrustStore store;

    CreorTrust(Path workingDirectory, Path homeDirectory, Map<String, String> environment) {
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory is null");
        this.homeDirectory = Objects.requireNonNull(homeDirectory, "homeDirectory is null");
        this.environment = Environment.of(environment);
        this.store = TrustStore.forUser(this.environment, homeDirectory);
    }

    /** The folder trusted when none is named: the working directory's git root, or the working directory. */
    public Path defaultFolder() {
        return loader(workingDirectory).projectFolder();
    }

    /**
     * Every trusted folder, sorted by path, with the state of each recorded file.
     *
     * @throws CreorException with {@code CONFIG_INVALID} when the record is unsafe or corrupt,
     *                        {@code IO_ERROR} when it cannot be read
     */
    public List<TrustedProject> list() {
        return store.folders().stream().map(CreorTrust::project).toList();
    }

    /**
     * Trusts a folder's config files as they are now: those of the user's own between the folder
     * and the working directory (or in the folder, when the working directory lies outside it).
     * Files of another owner, or writable by others, are left out: Creor never reads them.
     *
     * @throws CreorException with {@code USAGE} when the folder is not a folder, or as
     *                        {@link #list()} when the record cannot be updated
     */
    public TrustGrant grant(Path folder) {
        Objects.requireNonNull(folder, "folder is null");
        if (!Files.isDirectory(folder)) {
            throw CreorException.builder(ErrorCode.USAGE, folder + " is not a folder")
                    .hint("creor trust [DIR]: name the project's folder, or run it inside the project").build();
        }
        Path from = workingDirectory.startsWith(folder) ? workingDirectory : folder;
        List<Path> inside = new ArrayList<>();
        List<Path> outside = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path file : loader(from).projectFiles()) {
            Optional<FileOwnership.Problem> problem = ownership(file);
            if (problem.isPresent()) {
                // Trusting it would change nothing: Creor never reads a file that is not the user's own.
                refused.add("not trusted: " + problem.get().describe("the config file") + "; " + problem.get().fix());
            } else {
                (file.startsWith(folder) ? inside : outside).add(file);
            }
        }
        Optional<TrustedProject> trusted = inside.isEmpty() ? Optional.empty()
                : Optional.of(project(store.trust(folder, inside)));
        return new TrustGrant(folder, from, trusted, refused, outside);
    }

    /**
     * Stops trusting a folder.
     *
     * @return what was recorded for it, or empty when it was not trusted
     * @throws CreorException as {@link #list()}
     */
    public Optional<TrustedProject> revoke(Path folder) {
        return store.revoke(Objects.requireNonNull(folder, "folder is null")).map(CreorTrust::project);
    }

    /** Names the record. */
    @Override
    public String toString() {
        return "CreorTrust[" + store.path() + "]";
    }

    private static TrustedProject project(TrustedFolder folder) {
        return new TrustedProject(folder.folder(), folder.trustedAt(), folder.files().entrySet().stream()
                .map(file -> new TrustedProject.File(file.getKey(), file.getValue(),
                        TrustedProject.FileState.valueOf(folder.state(file.getKey()).name())))
                .toList());
    }

    private static Optional<FileOwnership.Problem> ownership(Path file) {
        try {
            return FileOwnership.check(file);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private ConfigLoader loader(Path directory) {
        return ConfigLoader.builder(directory, homeDirectory).environment(environment).build();
    }
}
