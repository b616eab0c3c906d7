package dev.creor.spi;

/**
 * The entry point of a provider: what a provider jar lists in
 * {@code META-INF/services/dev.creor.spi.ProviderFactory}.
 *
 * <p>Creor finds factories with {@link java.util.ServiceLoader}, on the application class path
 * and in plugin jars (each in its own class loader). A factory must have a public no-argument
 * constructor and must be cheap to construct: it is instantiated at start-up even when its
 * provider is never used. All real work belongs in {@link #create}.
 *
 * <p>A plugin jar declares the SPI version it was built for in its manifest, as
 * {@value #SPI_VERSION_ATTRIBUTE}{@code : }{@link #spiVersion()} (with the maven-jar-plugin's
 * {@code manifestEntries}; see docs/writing-a-provider.md). Creor reads it before it loads any
 * class of the jar and refuses a jar built for an SPI it does not speak, with one line naming the
 * jar; a jar that declares nothing was built before versions were declared, for SPI 1.
 *
 * <pre>{@code
 * public final class EchoProviderFactory implements ProviderFactory {
 *     public String id() { return "echo"; }
 *     public ProviderDescriptor descriptor() {
 *         return ProviderDescriptor.builder("Echo")
 *  *                 .requiresCredential(false)
 *                 .build();
 *     }
 *     public Provider create(ProviderSettings settings, ProviderContext context) {
 *         return new EchoProvider(settings, context);
 *     }
 * }
 * }</pre>
 */
public interface ProviderFactory {
    /**
     * The main manifest attribute in which a plugin jar declares the SPI version it was built
     * for: {@value}.
     */
    String SPI_VERSION_ATTRIBUTE = "Creor-SPI-Version";

    /**
     * The version of this SPI: what a plugin built against this {@code creor-provider-spi}
     * declares as {@value #SPI_VERSION_ATTRIBUTE}, and what Creor speaks. It changes whenever a
     * plugin built for the previous version could no longer work.
     */
    static int spiVersion() {
        return SpiBuild.VERSION;
    }

    /**
     * The version of the {@code creor-provider-spi} artifact this SPI comes in, e.g.
     * {@code 0.1.0}: what to rebuild a plugin against.
     */
    static String spiArtifactVersion() {
        return SpiBuild.ARTIFACT_VERSION;
    }


    /**
     * The provider id users write before the first slash of a model reference and as the key
     * of its config section: lower-case letters, digits and dashes, starting with a letter.
     */
    String id();

    /** What the provider is and needs; see {@link ProviderDescriptor}. */
    ProviderDescriptor descriptor();

    /**
     * Creates a provider for the given settings. Called once per Creor runtime, and again with
     * another credential when a user checks a new key.
     *
     * @throws dev.creor.core.CreorException with {@code CONFIG_INVALID} when the settings are
     *                                       unusable (say which option and why)
     */
    Provider create(ProviderSettings settings, ProviderContext context);
}
