package dev.creor.runtime.internal.plugins;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.creor.runtime.internal.plugins.PluginCalls.Outcome;
import dev.creor.runtime.internal.plugins.PluginCalls.Returned;
import dev.creor.runtime.internal.plugins.PluginCalls.Threw;
import dev.creor.runtime.internal.plugins.PluginCalls.TimedOut;
import dev.creor.runtime.internal.plugins.PluginProblem.Severity;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Finds the provider factories of the class path or of one plugin jar with
 * {@link ServiceLoader}, and checks each: that it can be created, that its id is valid, that its
 * descriptor can be read and that its config schema is a JSON object. A plugin jar built for an
 * SPI this Creor does not speak is refused before any of its classes is loaded (see
 * {@link #spiVersionProblem}), so an old plugin fails with one line, never with a linkage error.
 * Every failure becomes a {@link PluginProblem} that names the jar or
 * class and says what to do; nothing is dropped silently.
 *
 * <p>Plugin code (a factory's class initialiser and constructor, {@code id()},
 * {@code descriptor()}) runs through {@link PluginCalls}: whatever it throws is a problem, and a
 * call that does not return within the time limit skips the rest of its jar. Before a jar's class
 * loader opens it, {@link PluginJarContents} measures the entries that would be read whole.
 */
final class ProviderFactoryLoader {
    static final String SERVICE_FILE = "META-INF/services/" + ProviderFactory.class.getName();

    private static final Pattern VALID_ID = Pattern.compile("[a-z][a-z0-9-]*");
    /** A declared SPI version: a positive whole number, short enough to parse. */
    private static final Pattern DECLARED_VERSION = Pattern.compile("[1-9][0-9]{0,5}");
    /** Where the guide says what changed in SPI n, when n is appended. */
    static final String WHAT_CHANGED = "docs/writing-a-provider.md#what-changed-in-spi-";
    private static final System.Logger LOGGER = System.getLogger(ProviderFactoryLoader.class.getName());
    private static final JsonFactory STRICT_JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ClassLoader host;
    private final int oldestSpiVersion;
    private final int newestSpiVersion;
    private final Duration callTimeLimit;

    ProviderFactoryLoader(ClassLoader host, int oldestSpiVersion, int newestSpiVersion, Duration callTimeLimit) {
        this.host = Objects.requireNonNull(host, "host is null");
        this.oldestSpiVersion = oldestSpiVersion;
        this.newestSpiVersion = newestSpiVersion;
        this.callTimeLimit = Objects.requireNonNull(callTimeLimit, "callTimeLimit is null");
    }

    /** What one source yielded; a jar's class loader is kept only when it yielded a factory. */
    record Loaded(List<DiscoveredProvider> providers, List<PluginProblem> problems,
                  Optional<PluginClassLoader> classLoader) {
        Loaded {
            providers = List.copyOf(providers);
            problems = List.copyOf(problems);
            Objects.requireNonNull(classLoader, "classLoader is null");
        }
    }

    /** The factories on the host's class path. */
    Loaded loadBuiltIns() {
        List<DiscoveredProvider> providers = new ArrayList<>();
        List<PluginProblem> problems = new ArrayList<>();
        List<String> declared = new ArrayList<>();
        try {
            for (URL serviceFile : Collections.list(host.getResources(SERVICE_FILE))) {
                try (InputStream in = serviceFile.openStream()) {
                    declared.addAll(classNamesIn(in, serviceFile + " inflates"));
                }
            }
        } catch (IOException | UncheckedIOException error) {
            problems.add(PluginProblem.of(Severity.ERROR, Origin.builtIn(),
                    "cannot read the class path's " + SERVICE_FILE + " files: " + Failures.describe(error)));
            return new Loaded(providers, problems, Optional.empty());
        }
        try (PluginCalls calls = new PluginCalls("creor-plugin-built-in", host, callTimeLimit)) {
            // Built-ins are compiled with Creor, so they speak its SPI.
            loadFactories(calls, host, Origin.builtIn(), newestSpiVersion, declared, providers, problems);
        }
        return new Loaded(providers, problems, Optional.empty());
    }

    /** The factories of one plugin jar, each checked, in the jar's own class loader. */
    Loaded loadJar(Path jar) {
        Origin origin = Origin.jar(jar);
        List<DiscoveredProvider> providers = new ArrayList<>();
        List<PluginProblem> problems = new ArrayList<>();
        PluginJarContents contents;
        try {
            contents = PluginJarContents.read(jar);
        } catch (PluginJarContents.OversizedEntryException oversized) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, "plugin jar " + jar + " is refused: "
                    + oversized.whatInflates() + " to more than " + describeBytes(oversized.limit())
                    + ", far more than a real jar holds there, so Creor reads no further (a zip bomb, or a broken "
                    + "build): rebuild the jar, or remove it"));
            return new Loaded(providers, problems, Optional.empty());
        } catch (ZipException | SecurityException error) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, "plugin jar " + jar + " cannot be read as a jar ("
                    + Failures.describe(error) + "); it is corrupt or not a jar: rebuild it, or remove it"));
            return new Loaded(providers, problems, Optional.empty());
        } catch (IOException | UncheckedIOException error) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, "plugin jar " + jar + " cannot be read ("
                    + Failures.describe(error) + "); check that the file is readable"));
            return new Loaded(providers, problems, Optional.empty());
        }
        if (!contents.hasServiceFile()) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, "plugin jar " + jar
                    + " contains no provider factory: it has no " + SERVICE_FILE + " file; that file must "
                    + "name your ProviderFactory implementation (see docs/writing-a-provider.md)"));
            return new Loaded(providers, problems, Optional.empty());
        }
        List<String> declared = contents.factoryClassNames();
        if (declared.isEmpty()) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, "plugin jar " + jar
                    + " contains no provider factory: its " + SERVICE_FILE + " names no class; add the fully "
                    + "qualified name of your ProviderFactory implementation to it"));
            return new Loaded(providers, problems, Optional.empty());
        }

        // A jar without a service file is no plugin at all, whatever its manifest says: that is the better
        // report. Any other jar is judged by the SPI version it declares before one of its classes is loaded.
        Optional<String> versionProblem = spiVersionProblem(jar, contents.declaredSpiVersion());
        if (versionProblem.isPresent()) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, versionProblem.get()));
            return new Loaded(providers, problems, Optional.empty());
        }
        int spiVersion = contents.declaredSpiVersion().map(Integer::parseInt).orElse(1);
        List<String> hostCopies = contents.bundledHostClasses();
        if (!hostCopies.isEmpty()) {
            problems.add(PluginProblem.of(Severity.WARNING, origin, "plugin jar " + jar + " bundles its own copy of "
                    + hostCopies.size() + " Creor core or SPI class" + (hostCopies.size() == 1 ? "" : "es")
                    + " (" + hostCopies.get(0) + (hostCopies.size() == 1 ? "" : ", ...")
                    + "), which Creor ignores in favour of its own; declare creor-core and creor-provider-spi "
                    + "with <scope>provided</scope> so they stay out of the jar"));
        }

        PluginClassLoader classLoader;
        try {
            classLoader = new PluginClassLoader(jar, host);
        } catch (IOException error) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, "plugin jar " + jar + " cannot be read ("
                    + Failures.describe(error) + "); check that the file is readable"));
            return new Loaded(providers, problems, Optional.empty());
        }
        boolean answered;
        try (PluginCalls calls = new PluginCalls("creor-plugin-" + jar.getFileName(), classLoader, callTimeLimit)) {
            answered = loadFactories(calls, classLoader, origin, spiVersion, declared, providers, problems);
        }
        if (!answered || providers.isEmpty()) {
            // A jar whose code is stuck somewhere gives nothing: none of its classes is used again.
            close(classLoader);
            return new Loaded(List.of(), problems, Optional.empty());
        }
        return new Loaded(providers, problems, Optional.of(classLoader));
    }

    private static String describeBytes(long bytes) {
        return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }

    static void close(PluginClassLoader classLoader) {
        try {
            classLoader.close();
        } catch (IOException error) {
            LOGGER.log(System.Logger.Level.DEBUG, "could not close " + classLoader, error);
        }
    }

    /**
     * Creates and inspects the factories the service files declare, on the source's plugin
     * thread; false when a call did not return in time, which ends the source's discovery.
     */
    private boolean loadFactories(PluginCalls calls, ClassLoader loader, Origin origin, int spiVersion,
                                  List<String> declared, List<DiscoveredProvider> providers,
                                  List<PluginProblem> problems) {
        Iterator<ProviderFactory> factories = ServiceLoader.load(ProviderFactory.class, loader).iterator();
        // Every step consumes one declared name, so the loop ends even should an error repeat.
        for (int step = 0; step <= declared.size(); step++) {
            // hasNext() loads the next class, next() initialises and constructs it: both run plugin code.
            Outcome<ProviderFactory> next = calls.call(() -> factories.hasNext() ? factories.next() : null);
            if (next instanceof TimedOut<ProviderFactory> late) {
                problems.add(timedOut(origin, "creating a provider factory", late, providers));
                return false;
            }
            if (next instanceof Threw<ProviderFactory> threw) {
                LOGGER.log(System.Logger.Level.DEBUG, "ServiceLoader failed in " + origin, threw.error());
                problems.add(threw.error() instanceof ServiceConfigurationError error
                        ? diagnose(error, loader, origin, declared)
                        : PluginProblem.of(Severity.ERROR, origin, source(origin) + ": a class that " + SERVICE_FILE
                                + " names cannot be loaded: " + Failures.describe(threw.error())));
                continue;
            }
            ProviderFactory factory = ((Returned<ProviderFactory>) next).value();
            if (factory == null) {
                return true;
            }
            if (!inspect(calls, factory, origin, spiVersion, providers, problems)) {
                return false;
            }
        }
        return true;
    }

    /** Checks one factory; false when it did not answer in time. */
    private boolean inspect(PluginCalls calls, ProviderFactory factory, Origin origin, int spiVersion,
                            List<DiscoveredProvider> providers, List<PluginProblem> problems) {
        String className = factory.getClass().getName();
        Outcome<String> idCall = calls.call(factory::id);
        if (idCall instanceof TimedOut<String> late) {
            problems.add(timedOut(origin, className + ".id()", late, providers));
            return false;
        }
        if (idCall instanceof Threw<String> threw) {
            LOGGER.log(System.Logger.Level.DEBUG, className + ".id() failed", threw.error());
            problems.add(PluginProblem.of(Severity.ERROR, origin, subject(className, origin) + " failed in id(): "
                    + Failures.describe(threw.error())));
            return true;
        }
        String id = ((Returned<String>) idCall).value();
        if (id == null) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, subject(className, origin)
                    + " returned no id (null) from id()"));
            return true;
        }
        if (!VALID_ID.matcher(id).matches()) {
            problems.add(PluginProblem.of(Severity.ERROR, origin, subject(className, origin) + " has an invalid id \""
                    + printable(id) + "\": a provider id is lower-case letters, digits and dashes, starting with a "
                    + "letter, such as \"my-provider\""));
            return true;
        }
        String provider = "provider \"" + id + "\" (" + className + where(origin) + ")";
        Outcome<ProviderDescriptor> descriptorCall = calls.call(factory::descriptor);
        if (descriptorCall instanceof TimedOut<ProviderDescriptor> late) {
            problems.add(timedOut(origin, className + ".descriptor()", late, providers));
            return false;
        }
        if (descriptorCall instanceof Threw<ProviderDescriptor> threw) {
            LOGGER.log(System.Logger.Level.DEBUG, className + ".descriptor() failed", threw.error());
            problems.add(PluginProblem.about(id, Severity.ERROR, origin, provider + " failed in descriptor(): "
                    + Failures.describe(threw.error())));
            return true;
        }
        ProviderDescriptor descriptor = ((Returned<ProviderDescriptor>) descriptorCall).value();
        if (descriptor == null) {
            problems.add(PluginProblem.about(id, Severity.ERROR, origin, provider
                    + " returned no descriptor (null) from descriptor()"));
            return true;
        }
        Optional<String> schemaProblem = jsonObjectProblem(descriptor.configSchema());
        if (schemaProblem.isPresent()) {
            problems.add(PluginProblem.about(id, Severity.ERROR, origin, provider + " declares a config schema "
                    + "(ProviderDescriptor.configSchema) that is not a JSON object: " + schemaProblem.get()));
            return true;
        }
        providers.add(new DiscoveredProvider(id, factory, descriptor, origin, spiVersion, callTimeLimit));
        return true;
    }

    /** A source whose call did not return in time: it is skipped, with what it had yielded so far. */
    private static PluginProblem timedOut(Origin origin, String call, TimedOut<?> late,
                                          List<DiscoveredProvider> foundBefore) {
        boolean jar = origin instanceof Origin.PluginJar;
        String lost = !jar || foundBefore.isEmpty() ? ""
                : " (and with it " + foundBefore.stream().map(provider -> "\"" + provider.id() + "\"")
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
        return PluginProblem.of(Severity.ERROR, origin, (jar ? "plugin jar " + origin : "the class path") + " did not "
                + "answer within " + late.describeLimit() + ": " + call + " is still running"
                + late.stuckIn().map(frame -> " (in " + frame + ")").orElse("") + ", so "
                + (jar ? "the jar is skipped" + lost : "the rest of the class path's providers are skipped")
                + "; a factory's constructor, id() and descriptor() must return at once (" + ProviderDiscovery
                .TIME_LIMIT_VARIABLE + " sets the limit in milliseconds)");
    }

    /**
     * Why a jar that declares {@code declared} as its SPI version cannot be loaded, if it cannot:
     * one line naming the jar and saying what to do. A jar that declares nothing was built before
     * plugins declared their version, for SPI 1. Deciding from the manifest alone means no class of
     * an old plugin is ever loaded, so it can neither fail with a {@link LinkageError} half-way nor
     * run any code.
     */
    private Optional<String> spiVersionProblem(Path jar, Optional<String> declared) {
        String subject = "plugin jar " + jar + ": built for SPI ";
        String speaks = "this Creor speaks " + speaks();
        String rebuild = ": rebuild it against creor-provider-spi " + ProviderFactory.spiArtifactVersion() + " ("
                + WHAT_CHANGED + newestSpiVersion + ")";
        if (declared.isEmpty()) {
            return oldestSpiVersion <= 1 ? Optional.empty() : Optional.of(subject + "1 (its manifest declares no "
                    + ProviderFactory.SPI_VERSION_ATTRIBUTE + "); " + speaks + rebuild);
        }
        String text = declared.get();
        if (!DECLARED_VERSION.matcher(text).matches()) {
            return Optional.of("plugin jar " + jar + ": its manifest's " + ProviderFactory.SPI_VERSION_ATTRIBUTE
                    + " is \"" + printable(text) + "\", not an SPI version (a whole number such as "
                    + newestSpiVersion + "); " + speaks + rebuild);
        }
        int version = Integer.parseInt(text);
        if (version < oldestSpiVersion) {
            return Optional.of(subject + version + "; " + speaks + rebuild);
        }
        if (version > newestSpiVersion) {
            return Optional.of(subject + version + "; " + speaks + ": upgrade Creor to one that speaks SPI " + version
                    + ", or get a build of the plugin made for SPI " + newestSpiVersion);
        }
        return Optional.empty();
    }

    private String speaks() {
        return oldestSpiVersion == newestSpiVersion ? "SPI " + newestSpiVersion
                : "SPI " + oldestSpiVersion + " to " + newestSpiVersion;
    }

    /** Why the text is not one strict JSON object, if it is not. */
    static Optional<String> jsonObjectProblem(String text) {
        try (JsonParser parser = STRICT_JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.of("it is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                return Optional.of("it is a JSON " + kind(first) + ", not an object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return Optional.of("more text follows the object, at " + position(parser.currentTokenLocation()));
            }
            return Optional.empty();
        } catch (JsonProcessingException error) {
            return Optional.of(error.getOriginalMessage() + ", at " + position(error.getLocation()));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> "value";
        };
    }

    private static String position(JsonLocation location) {
        return location == null ? "an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private PluginProblem diagnose(ServiceConfigurationError error, ClassLoader loader, Origin origin,
                                   List<String> declared) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        Optional<String> named = declared.stream()
                .filter(name -> mentions(message, name))
                .max(Comparator.comparingInt(String::length));
        if (named.isEmpty()) {
            return PluginProblem.of(Severity.ERROR, origin, source(origin) + ": its " + SERVICE_FILE
                    + " cannot be used: " + withoutServicePrefix(message));
        }
        String className = named.get();
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException missing) {
            return PluginProblem.of(Severity.ERROR, origin, source(origin) + ": " + SERVICE_FILE + " names "
                    + className + ", but there is no such class " + (origin instanceof Origin.PluginJar
                    ? "in the jar" : "on the class path") + "; correct the name, or package the class");
        } catch (LinkageError broken) {
            return PluginProblem.of(Severity.ERROR, origin, subject(className, origin) + " cannot be loaded: "
                    + Failures.describe(broken));
        }
        if (!ProviderFactory.class.isAssignableFrom(type)) {
            return PluginProblem.of(Severity.ERROR, origin, subject(className, origin) + " is named in "
                    + SERVICE_FILE + " but does not implement " + ProviderFactory.class.getName());
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return PluginProblem.of(Severity.ERROR, origin, subject(className, origin)
                    + " is not public; ServiceLoader can only create a public class with a public no-argument "
                    + "constructor");
        }
        Throwable cause = error.getCause();
        if (cause instanceof NoSuchMethodException) {
            return PluginProblem.of(Severity.ERROR, origin, subject(className, origin)
                    + " has no public no-argument constructor, which ServiceLoader needs to create it");
        }
        if (cause != null) {
            return PluginProblem.of(Severity.ERROR, origin, subject(className, origin) + " could not be created: "
                    + Failures.describe(cause));
        }
        return PluginProblem.of(Severity.ERROR, origin, subject(className, origin) + " cannot be used: "
                + withoutServicePrefix(message));
    }

    /**
     * The names a service file lists, as ServiceLoader reads them: {@code #} starts a comment.
     *
     * @param whatInflates the file, for the error: {@code its entry NAME inflates}
     * @throws PluginJarContents.OversizedEntryException when it holds more than
     *                                                   {@link PluginJarContents#SERVICE_FILE_LIMIT} bytes
     */
    static List<String> classNamesIn(InputStream in, String whatInflates) throws IOException {
        byte[] bytes = in.readNBytes(PluginJarContents.SERVICE_FILE_LIMIT + 1);
        if (bytes.length > PluginJarContents.SERVICE_FILE_LIMIT) {
            throw new PluginJarContents.OversizedEntryException(whatInflates, PluginJarContents.SERVICE_FILE_LIMIT);
        }
        List<String> names = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean mentions(String message, String className) {
        return Pattern.compile("(?<![\\w.$])" + Pattern.quote(className) + "(?![\\w.$])").matcher(message).find();
    }

    private static String withoutServicePrefix(String message) {
        String prefix = ProviderFactory.class.getName() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The jar or the class path, as the subject of a message. */
    private static String source(Origin origin) {
        return origin instanceof Origin.PluginJar ? "plugin jar " + origin : "the class path";
    }

    /** A factory class not yet known by its id, as the subject of a message. */
    private static String subject(String className, Origin origin) {
        return origin instanceof Origin.PluginJar ? "provider factory " + className + " in plugin jar " + origin
                : "built-in provider factory " + className;
    }

    private static String where(Origin origin) {
        return origin instanceof Origin.PluginJar ? " in plugin jar " + origin : ", built-in";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 80 ? out + "..." : out.toString();
    }
}
