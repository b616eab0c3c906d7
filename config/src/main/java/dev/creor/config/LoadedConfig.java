package dev.creor.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link ConfigLoader#load()}: the validation report, where every value came
 * from, and, when valid, the typed configuration.
 *
 * <p>The merged configuration can be shown ({@link #showText}, {@link #showJson}) even when it
 * is invalid, which helps to find out which source set a wrong value.
 */
public final class LoadedConfig {
    private final ValidationReport report;
    private final Provenance provenance;
    private final CreorConfig config;
    private final Set<String> secrets;

    /**
     * @param config  the typed configuration, or null when invalid
     * @param secrets the text of every secret in any source, masked wherever it appears when shown,
     *                even in a value that is not under a secret key
     */
    LoadedConfig(ValidationReport report, Provenance provenance, CreorConfig config, Set<String> secrets) {
        this.report = Objects.requireNonNull(report, "report is null");
        this.provenance = Objects.requireNonNull(provenance, "provenance is null");
        this.config = config;
        this.secrets = Set.copyOf(secrets);
    }

    /** The sources read, lowest precedence first. */
    public List<ConfigSource> sources() {
        return report.sources();
    }

    /** Every problem found; see {@link ValidationReport}. */
    public ValidationReport report() {
        return report;
    }

    /** Whether the configuration has no errors (warnings are allowed). */
    public boolean isValid() {
        return report.isValid();
    }

    /**
     * The typed configuration.
     *
     * @throws dev.creor.core.CreorException with {@code CONFIG_INVALID}, listing the problems,
     *                                       when the configuration is invalid
     */
    public CreorConfig config() {
        if (config == null) {
            throw report.toException();
        }
        return config;
    }

    /** Where each value of the merged configuration came from. */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * The merged configuration as pretty JSON for {@code creor config show}: keys in the order
     * they first appeared, secrets masked. With origins, each value's line ends with a comment
     * such as {@code // creor.json:3:14}, which makes the text JSONC.
     */
    public String showText(boolean withOrigins) {
        return ShowRenderer.text(provenance, secrets, withOrigins);
    }

    /**
     * The merged configuration as one line of JSON for {@code creor config show --json}:
     * {@code {"config":{...}}}, with secrets masked, plus, with origins, an {@code "origins"}
     * object mapping each leaf's JSON pointer to {@code {"kind","source","line","column",
     * "substitutions","description"}}.
     */
    public String showJson(boolean withOrigins) {
        return ShowRenderer.json(provenance, secrets, withOrigins);
    }

    /** Whether it is valid and which sources were read. */
    @Override
    public String toString() {
        return "LoadedConfig[valid=" + isValid() + ", sources=" + sources() + "]";
    }
}
