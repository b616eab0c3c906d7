package dev.creor.cli;

import dev.creor.config.ConfigLoader;
import dev.creor.config.files.FileOwnership;
import dev.creor.config.trust.TrustStore;
import dev.creor.config.trust.TrustedFolder;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code creor trust [DIR] | --list | --revoke [DIR]}: the project folders whose config files
 * may set everything, including where requests go and what they carry.
 */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = {"Trust a project folder's config files as they are now, so that they may also set what only "
                + "trusted files may: where requests go and what they carry (baseURL, apiKey, headers) and "
                + "{env:...}/{file:...} references.",
            "Records the folder and the SHA-256 of each of its creor.json/creor.jsonc files on the way to the "
                + "working directory in $XDG_DATA_HOME/creor/trust.json; a file changed or added later is untrusted "
                + "until you run creor trust again. See docs/security.md."})
final class TrustCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "The project folder; default: the git root of the working directory, or the working "
                    + "directory itself.")
    private Path directory;

    @Option(names = "--list", description = "List the trusted folders and whether each file is still as trusted.")
    private boolean list;

    @Option(names = "--revoke", description = "Stop trusting the folder (DIR, or the default one).")
    private boolean revoke;

    TrustCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (list && (revoke || directory != null)) {
            throw CreorException.builder(ErrorCode.USAGE, "--list takes no folder and no --revoke")
                    .hint("creor trust --list").build();
        }
        TrustStore store = TrustStore.forUser(context.env(), context.homeDirectory());
        if (list) {
            return list(store);
        }
        Path folder = directory == null ? loader(context.workingDirectory()).projectFolder()
                : context.workingDirectory().resolve(directory).normalize();
        if (revoke) {
            return revoke(store, folder);
        }
        return trust(store, folder);
    }

    private int trust(TrustStore store, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw CreorException.builder(ErrorCode.USAGE, folder + " is not a folder")
                    .hint("creor trust [DIR]: name the project's folder, or run it inside the project").build();
        }
        Path from = context.workingDirectory().startsWith(folder) ? context.workingDirectory() : folder;
        List<Path> found = loader(from).projectFiles();
        List<Path> inside = new ArrayList<>();
        List<Path> outside = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (Path file : found) {
            Optional<FileOwnership.Problem> problem = ownership(file);
            if (problem.isPresent()) {
                // Trusting it would change nothing: Creor never reads a file that is not the user's own.
                foreign.add("not trusted: " + problem.get().describe("the config file") + "; " + problem.get().fix());
            } else {
                (file.startsWith(folder) ? inside : outside).add(file);
            }
        }
        foreign.forEach(context.err()::println);
        context.err().flush();
        if (inside.isEmpty()) {
            context.out().println("nothing to trust: no creor.json or creor.jsonc of yours between " + folder + " and "
                    + from);
            printOutside(outside);
            context.out().flush();
            return foreign.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
        }
        TrustedFolder trusted = store.trust(folder, inside);
        context.out().println("trusted " + trusted.folder() + " as it is now:");
        printFiles(trusted, trusted.files());
        context.out().println("Its config files may now set everything, including where requests go and what they "
                + "carry; changing or adding one untrusts it until you run `creor trust` again.");
        printOutside(outside);
        context.out().flush();
        return ExitCodes.OK;
    }

    private static Optional<FileOwnership.Problem> ownership(Path file) {
        try {
            return FileOwnership.check(file);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private void printOutside(List<Path> outside) {
        for (Path file : outside) {
            context.out().println("not trusted: " + file + " lies outside the folder; run `creor trust "
                    + file.getParent() + "` to trust it too");
        }
    }

    private int revoke(TrustStore store, Path folder) {
        Optional<TrustedFolder> removed = store.revoke(folder);
        if (removed.isEmpty()) {
            context.out().println(folder + " was not trusted; `creor trust --list` shows the trusted folders");
        } else {
            context.out().println("no longer trusted: " + removed.get().folder() + " ("
                    + files(removed.get().files().size()) + ")");
        }
        context.out().flush();
        return ExitCodes.OK;
    }

    private int list(TrustStore store) {
        List<TrustedFolder> folders = store.folders();
        if (folders.isEmpty()) {
            context.out().println("no folder is trusted; `creor trust` in a project trusts it");
        }
        for (TrustedFolder folder : folders) {
            context.out().println(folder.folder() + " (trusted " + folder.trustedAt() + ")");
            printFiles(folder, folder.files());
        }
        context.out().flush();
        return ExitCodes.OK;
    }

    private void printFiles(TrustedFolder folder, Map<String, String> files) {
        Table table = new Table("  FILE", "SHA-256", "STATE");
        for (Map.Entry<String, String> file : files.entrySet()) {
            table.row("  " + file.getKey(), file.getValue().substring("sha256:".length(), "sha256:".length() + 12) + "…",
                    describe(folder.state(file.getKey())));
        }
        table.print(context.out());
    }

    private static String describe(TrustedFolder.FileState state) {
        return switch (state) {
            case UNCHANGED -> "trusted";
            case CHANGED -> "changed since: untrusted until `creor trust` again";
            case MISSING -> "missing";
        };
    }

    private static String files(int count) {
        return count + (count == 1 ? " file" : " files");
    }

    private ConfigLoader loader(Path workingDirectory) {
        return ConfigLoader.builder(workingDirectory, context.homeDirectory()).environment(context.env()).build();
    }
}
