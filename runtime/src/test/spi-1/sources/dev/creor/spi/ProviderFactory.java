package dev.creor.spi;

import java.util.Optional;

/**
 * The entry point of a provider: what a provider jar lists in
 * {@code META-INF/services/dev.creor.spi.ProviderFactory}.
 *
 * <p>Creor finds factories with {@link java.util.ServiceLoader}, on the application class path
 * and in plugin jars (each in its own class loader). A factory must have a public no-argument
 * constructor and must be cheap to construct: it is instantiated at start-up even when its
 * provider is never used. All real work belongs in {@link #create}.
 *
 * <pre>{@code
 * public final class EchoProviderFactory implements ProviderFactory {
 *     public String id() { return "echo"; }
 *     public ProviderDescriptor descriptor() {
 *         return ProviderDescriptor.builder("Echo")
 *                 .spiVersion(ProviderDescriptor.CURRENT_SPI_VERSION)
 *                 .requiresCredential(false)
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

    /**
     * An offline stand-in for the provider's service, for demos and tests, when the provider
     * ships one. {@code creor sandbox} and {@code creor demo} use it.
     */
    default Optional<SandboxLauncher> sandbox() {
        return Optional.empty();
    }
}
