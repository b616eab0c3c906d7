package dev.creor.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw result of one harness command, as JSON under {@code benchmarks/target/results/}: the
 * figures, the machine, the command's options and the load average before and after. The
 * report is generated from these files only.
 */
public final class ResultFile {
    /** The one JSON configuration of the harness. */
    public static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final String benchmark;
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Double> loadBefore = MachineInfo.loadAverage();

    /** Starts the result of {@code benchmark}, run as {@code command}. */
    public ResultFile(String benchmark, String command) {
        this.benchmark = benchmark;
        root.put("benchmark", benchmark);
        root.put("command", command);
        root.put("machine", MachineInfo.describe());
        root.put("loadAverageBefore", loadBefore);
    }

    /** Adds a figure (numbers, text, lists and maps of them). */
    public ResultFile put(String key, Object value) {
        root.put(key, value);
        return this;
    }

    /** Writes {@code <directory>/<benchmark>.json} atomically and returns its path. */
    public Path write(Path directory) {
        root.put("loadAverageAfter", MachineInfo.loadAverage());
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(benchmark + ".json");
            Path temporary = Files.createTempFile(directory, benchmark, ".tmp");
            JSON.writeValue(temporary.toFile(), root);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result of " + benchmark + " to " + directory, e);
        }
    }

    /** The figures so far, for tests. */
    public Map<String, Object> figures() {
        return Map.copyOf(root);
    }
}
