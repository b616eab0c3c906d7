package dev.creor.runtime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/embedding.md compile and run against the sandbox as written. */
class EmbeddingExampleTest {
    private static final Path PAGE = Path.of("").toAbsolutePath().getParent().resolve("docs/embedding.md");

    @TempDir
    Path work;

    @Test
    void theDocumentedExampleCompilesAndRunsAgainstTheSandbox() throws Exception {
        Path source = Files.writeString(work.resolve("EmbeddingExample.java"), exampleSource());
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, null, diagnostics, "-d", work.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        String output;
        try (OpenRouterSandbox sandbox = OpenRouterSandbox.start();
             URLClassLoader loader = new URLClassLoader(new URL[] {work.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("EmbeddingExample").getMethod("main", String[].class);
            output = capturingStandardOutput(() -> main.invoke(null,
                    (Object) new String[] {sandbox.baseUrl().toString(), sandbox.apiKey().reveal()}));
        }

        assertThat(output)
                .contains("plan (openrouter/anthropic/claude-sonnet-4, from the top-level model (embedding:2:12)):")
                .contains("Hello from the Creor sandbox (anthropic/claude-sonnet-4)")
                .contains("route: openrouter/anthropic/claude-sonnet-4 SUCCEEDED, cost: $")
                .contains("Hello from the Creor sandbox (openai/gpt-4o-mini)")
                .contains("served by openrouter/openai/gpt-4o-mini")
                .contains("model: openrouter/")
                .contains("USAGE: unknown agent \"biuld\" (did you mean \"build\"?)");
    }

    /**
     * The short program, in a process of its own as a user would run it: the builder's defaults
     * (the process's environment, working directory and home) with the key and the sandbox's
     * address in the environment, as {@code creor} would read them.
     */
    @Test
    void theShortProgramRunsUnderTenLinesWithTheBuildersDefaults() throws Exception {
        String program = javaBlockUnder("## In five lines");
        assertThat(program.lines().filter(line -> !line.isBlank()).count()).as("lines of the program").isLessThan(12);
        assertThat(program.lines().filter(line -> line.startsWith("        ") && !line.isBlank()).count())
                .as("lines of code in main").isLessThan(10);
        Path source = Files.writeString(work.resolve("Hello.java"), program);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, null, diagnostics, "-d", work.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        Path home = Files.createDirectories(work.resolve("home"));

        String output;
        try (OpenRouterSandbox sandbox = OpenRouterSandbox.start()) {
            ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Duser.home=" + home, "-cp", work + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                    "Hello").directory(home.toFile()).redirectErrorStream(true);
            process.environment().clear();
            process.environment().put("OPENROUTER_API_KEY", sandbox.apiKey().reveal());
            process.environment().put("CREOR_CONFIG_CONTENT",
                    "{\"provider\": {\"openrouter\": {\"options\": {\"baseURL\": \"" + sandbox.baseUrl() + "\"}}}}");
            Process running = process.start();
            output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(running.waitFor()).as(output).isZero();
        }

        assertThat(output)
                .containsPattern("Hello from the Creor sandbox \\(openai/gpt-4o-mini\\)\\. You said: .Name one risk of"
                        + " splitting a monolith\\..")
                .containsPattern("\\n\\(openrouter/openrouter/auto SUCCEEDED, [1-9][0-9]* tokens\\)\\n")
                .containsPattern("Hello from the Creor sandbox \\(openai/gpt-4o-mini\\)\\. You said: .And one benefit\\?.");
    }

    static String exampleSource() throws Exception {
        return javaBlockUnder("## A complete example");
    }

    private static String javaBlockUnder(String heading) throws Exception {
        String page = Files.readString(PAGE);
        Matcher block = Pattern.compile(Pattern.quote(heading) + "\\n.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(block.find()).as("docs/embedding.md has a java block under '" + heading + "'").isTrue();
        return block.group(1);
    }

    private interface Action {
        void run() throws Exception;
    }

    private static String capturingStandardOutput(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

}
