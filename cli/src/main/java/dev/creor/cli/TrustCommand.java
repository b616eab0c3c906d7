package dev.creor.cli;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.CreorTrust;
import dev.creor.runtime.TrustGrant;
import dev.creor.runtime.TrustedProject;
import java.nio.file.Path;
import java.util.List;
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
        CreorTrust trust = CliRuntime.builder(context).trust();
        if (list) {
            return list(trust);
        }
        Path folder = directory == null ? trust.defaultFolder()
                : context.workingDirectory().resolve(directory).normalize();
        if (revoke) {
            return revoke(trust, folder);
        }
        return trust(trust, folder);
    }

    private int trust(CreorTrust trust, Path folder) {
        TrustGrant grant = trust.grant(folder);
        grant.refused().forEach(context.err()::println);
        context.err().flush();
        if (grant.trusted().isEmpty()) {
            context.out().println("nothing to trust: no creor.json or creor.jsonc of yours between " + folder + " and "
                    + grant.searchedFrom());
            printOutside(grant.outside());
            context.out().flush();
            return grant.refused().isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
        }
        TrustedProject trusted = grant.trusted().get();
        context.out().println("trusted " + trusted.folder() + " as it is now:");
        printFiles(trusted);
        context.out().println("Its config files may now set everything, including where requests go and what they "
                + "carry; changing or adding one untrusts it until you run `creor trust` again.");
        printOutside(grant.outside());
        context.out().flush();
        return ExitCodes.OK;
    }

    private void printOutside(List<Path> outside) {
        for (Path file : outside) {
            context.out().println("not trusted: " + file + " lies outside the folder; run `creor trust "
                    + file.getParent() + "` to trust it too");
        }
    }

    private int revoke(CreorTrust trust, Path folder) {
        Optional<TrustedProject> removed = trust.revoke(folder);
        if (removed.isEmpty()) {
            context.out().println(folder + " was not trusted; `creor trust --list` shows the trusted folders");
        } else {
            context.out().println("no longer trusted: " + removed.get().folder() + " ("
                    + files(removed.get().files().size()) + ")");
        }
        context.out().flush();
        return ExitCodes.OK;
    }

    private int list(CreorTrust trust) {
        List<TrustedProject> folders = trust.list();
        if (folders.isEmpty()) {
            context.out().println("no folder is trusted; `creor trust` in a project trusts it");
        }
        for (TrustedProject folder : folders) {
            context.out().println(folder.folder() + " (trusted " + folder.trustedAt() + ")");
            printFiles(folder);
        }
        context.out().flush();
        return ExitCodes.OK;
    }

    private void printFiles(TrustedProject folder) {
        Table table = new Table("  FILE", "SHA-256", "STATE");
        for (TrustedProject.File file : folder.files()) {
            table.row("  " + file.path(), file.shortHash(12) + "…", describe(file.state()));
        }
        table.print(context.out());
    }

    private static String describe(TrustedProject.FileState state) {
        return switch (state) {
            case UNCHANGED -> "trusted";
            case CHANGED -> "changed since: untrusted until `creor trust` again";
            case MISSING -> "missing";
        };
    }

    private static String files(int count) {
        return count + (count == 1 ? " file" : " files");
    }
}
