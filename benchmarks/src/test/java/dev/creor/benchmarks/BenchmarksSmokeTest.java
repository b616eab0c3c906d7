package dev.creor.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.benchmarks.config.ConfigLoadBenchmark;
import dev.creor.benchmarks.load.CancellationStorm;
import dev.creor.benchmarks.load.ConcurrencyBenchmark;
import dev.creor.benchmarks.load.OverheadBenchmark;
import dev.creor.benchmarks.report.ReportWriter;
import dev.creor.benchmarks.startup.StartupBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark for about a second with tiny parameters, so that none of them can rot
 * between two runs of {@code benchmarks/run}, then generates the report from what they wrote.
 * It checks that each benchmark works and is honest (no failed request, no leak), never how
 * fast it was: that depends on the machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchmarksSmokeTest {
    @TempDir
    static Path results;

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @BeforeAll
    static void requireTheCommandLine() {
        assertThat(ROOT.resolve("cli/target/creor.jar"))
                .as("the start-up benchmark runs the packaged command line; build the app first (-pl benchmarks -am)")
                .isRegularFile();
    }

    @Test
    @Order(1)
    void routingOverheadCompletesEveryRequestOfEveryClient() throws IOException {
        Path written = OverheadBenchmark.run(Args.parse("--rate", "200", "--warmup-ms", "200", "--period-ms", "200",
                "--rounds", "1", "--concurrency", "4", "--throughput-ms", "200", "--throughput-rounds", "1",
                "--out", results.toString()), "smoke");

        JsonNode result = read(written);
        for (String kind : new String[] {"json", "stream"}) {
            for (String client : Clients.NAMES) {
                JsonNode fixed = result.get(kind).get("fixedRate").get(client);
                assertThat(fixed.get("failed").asLong()).as(kind + " " + client + ": " + fixed.path("firstFailure")).isZero();
                assertThat(fixed.get("completed").asLong()).as(kind + " " + client).isEqualTo(40);
                assertThat(result.get(kind).get("throughput").get(client).get("completed").asLong()).isPositive();
                if (!client.equals("baseline")) {
                    assertThat(result.get(kind).get("addedMicros").get(client).has("p99.9")).isTrue();
                }
            }
        }
        for (String client : Clients.NAMES) {
            assertThat(result.get("stream").get("fixedRate").get(client).get("firstTokenMicros").get("count").asLong())
                    .as(client).isEqualTo(40);
        }
    }

    @Test
    @Order(1)
    void theGatewayClientCompletesEveryRequestWhenNamed() throws IOException {
        Path written = OverheadBenchmark.run(Args.parse("--clients", "baseline,creor-serve", "--rate", "200",
                "--warmup-ms", "200", "--period-ms", "200", "--rounds", "1", "--concurrency", "4", "--throughput-ms", "200",
                "--throughput-rounds", "1", "--out", results.resolve("serve").toString()), "smoke");

        JsonNode result = read(written);
        for (String kind : new String[] {"json", "stream"}) {
            JsonNode fixed = result.get(kind).get("fixedRate").get("creor-serve");
            assertThat(fixed.get("failed").asLong()).as(kind + ": " + fixed.path("firstFailure")).isZero();
            assertThat(fixed.get("completed").asLong()).as(kind).isEqualTo(40);
        }
    }

    @Test
    @Order(1)
    void oneClientAloneCanBeProfiledAfterAWarmUp() throws IOException {
        Path recording = results.resolve("creor-stream.jfr");

        OverheadBenchmark.run(Args.parse("--clients", "baseline,creor", "--only", "creor/STREAM", "--concurrency", "4",
                "--warmup-ms", "200", "--throughput-ms", "300", "--profile", recording.toString(),
                "--out", results.resolve("profiled").toString()), "smoke");

        try (RecordingFile file = new RecordingFile(recording)) {
            boolean sampled = false;
            while (file.hasMoreEvents() && !sampled) {
                sampled = file.readEvent().getEventType().getName().equals("jdk.ObjectAllocationSample");
            }
            assertThat(sampled).as("allocation samples in the recording").isTrue();
        }
    }

    @Test
    @Order(2)
    void sseParsingScoresEachSplitAndCountsChunks() throws Exception {
        Path written = JmhBenchmarks.sse(jmhSmoke(), "smoke");

        JsonNode result = read(written);
        assertThat(result.get("jsonChunksPerStream").asInt()).isEqualTo(53);
        assertThat(result.get("scores")).hasSize(4);
        result.get("scores").forEach(score -> assertThat(score.get("chunksPerSecond").asDouble()).isPositive());
    }

    @Test
    @Order(3)
    void concurrentStreamsAllCompleteWithoutLeavingThreadsOrConnections() throws InterruptedException, IOException {
        Path written = ConcurrencyBenchmark.run(Args.parse("--streams", "100", "--chunks", "3", "--drip-ms", "50",
                "--warmup-streams", "20", "--out", results.toString()), "smoke");

        JsonNode result = read(written);
        assertThat(written.getFileName()).hasToString("concurrency-creor-100.json");
        assertThat(result.get("completed").asInt()).isEqualTo(100);
        assertThat(result.get("failed").asInt()).isZero();
        assertThat(result.get("textDeltas").asLong()).isEqualTo(300);
        assertThat(result.get("peakOpenStreams").asInt()).isEqualTo(100);
        assertThat(result.get("sandboxOpenConnectionsAfterClose").asInt()).isZero();
        assertThat(result.get("threadsAfterClose")).noneMatch(thread -> thread.asText().startsWith("vert.x-")
                || thread.asText().startsWith("creor-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "openai-sdk", "langchain4j", "spring-ai"})
    @Order(3)
    void everyClientHoldsConcurrentStreams(String client) throws InterruptedException, IOException {
        Path written = ConcurrencyBenchmark.run(Args.parse("--client", client, "--streams", "40", "--chunks", "3",
                "--drip-ms", "50", "--warmup-streams", "10", "--settle-ms", "1000", "--out", results.toString()), "smoke");

        JsonNode result = read(written);
        assertThat(result.get("failed").asInt()).as(result.get("firstFailure").asText()).isZero();
        assertThat(result.get("completed").asInt()).isEqualTo(40);
        assertThat(result.get("peaks").get("threads").asInt()).isPositive();
        if (!client.equals("baseline")) {
            assertThat(result.get("textDeltas").asLong()).as("every text delta, parsed").isEqualTo(120);
        }
    }

    @Test
    @Order(4)
    void cancelledStreamsCloseEveryConnection() throws InterruptedException, IOException {
        Path written = CancellationStorm.run(Args.parse("--streams", "200", "--chunks", "10", "--drip-ms", "30",
                "--cancel-within-ms", "200", "--warmup-streams", "20", "--out", results.toString()), "smoke");

        JsonNode result = read(written);
        assertThat(result.get("cancelled").asInt() + result.get("completedBeforeCancel").asInt()).isEqualTo(200);
        assertThat(result.get("failed").asInt()).isZero();
        assertThat(result.get("sandboxOpenConnectionsAfter").asInt()).isEqualTo(result.get("completedBeforeCancel").asInt());
        assertThat(result.get("sandboxInFlightAfter").asInt()).isZero();
        assertThat(result.get("threadsAfterClose")).noneMatch(thread -> thread.asText().startsWith("vert.x-")
                || thread.asText().startsWith("creor-"));
        assertThat(result.get("warningsLogged").asInt()).as(result.get("firstWarningLogged").asText()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "openai-sdk", "langchain4j", "spring-ai"})
    @Order(4)
    void everyClientWeathersACancellationStorm(String client) throws InterruptedException, IOException {
        Path written = CancellationStorm.run(Args.parse("--client", client, "--streams", "40", "--chunks", "10",
                "--drip-ms", "30", "--cancel-within-ms", "200", "--warmup-streams", "10", "--settle-ms", "1000",
                "--out", results.toString()),
                "smoke");

        JsonNode result = read(written);
        assertThat(result.get("cancelled").asInt() + result.get("completedBeforeCancel").asInt()).isEqualTo(40);
        assertThat(result.get("failed").asInt()).as(result.get("firstFailure").asText()).isZero();
        assertThat(result.has("sandboxOpenConnectionsAfter")).isTrue();
    }

    @Test
    @Order(5)
    void startUpTimesEachCommandAsAFreshProcess() throws IOException {
        Path written = StartupBenchmark.run(Args.parse("--root", ROOT.toString(), "--runs", "1", "--launchers", "jar",
                "--out", results.toString()), "smoke");

        JsonNode jar = read(written).get("launchers").get("jar");
        assertThat(jar.get("version").get("wallMillis").get("median").asDouble()).isPositive();
        assertThat(jar.get("validate").get("wallMillis").get("median").asDouble()).isPositive();
        assertThat(jar.get("run").get("firstTokenMillis").get("median").asDouble())
                .isPositive().isLessThanOrEqualTo(jar.get("run").get("wallMillis").get("median").asDouble());
    }

    @Test
    @Order(6)
    void configLoadingScoresBothConfigs() throws Exception {
        Path written = JmhBenchmarks.config(jmhSmoke(), "smoke");

        JsonNode result = read(written);
        assertThat(result.get("scores")).hasSize(4);
        result.get("scores").forEach(score -> assertThat(score.get("score").asDouble()).isPositive());
        assertThat(ConfigLoadBenchmark.projectFileBytes("1MB")).isBetween(1_000_000, 1_100_000);
    }

    @Test
    @Order(7)
    void theReportIsGeneratedFromTheResults() throws IOException {
        Path doc = results.resolve("benchmarks.md");

        ReportWriter.run(Args.parse("--results", results.toString(), "--doc", doc.toString(),
                "--findings", results.resolve("no-findings.md").toString()));

        String text = Files.readString(doc);
        assertThat(text).contains("## Summary", "## 1. Creor and its peers, side by side", "## 2. Routing overhead",
                "## 3. SSE parsing", "## 4. Concurrency", "## 5. Cancellation storm", "## 6. Start-up", "## 7. Config",
                "| Added latency, streaming, p50, at 1,000 req/s | ≤ 20 µs |", "× `java -version`",
                "| figure | raw Vert.x | Creor | OpenAI SDK | LangChain4j | Spring AI |", "OpenAI Java SDK 4.105.0",
                "LangChain4j 1.19.0", "Spring AI 2.0.1");
        assertThat(text).doesNotContain("null", "NaN");
    }

    private static Args jmhSmoke() {
        return Args.parse("--forks", "0", "--warmup-iterations", "0", "--iterations", "1", "--iteration-ms", "100",
                "--out", results.toString());
    }

    private static JsonNode read(Path file) throws IOException {
        return ResultFile.JSON.readTree(file.toFile());
    }
}
