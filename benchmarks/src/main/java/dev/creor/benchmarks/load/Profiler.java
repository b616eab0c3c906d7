package dev.creor.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.function.Supplier;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Records one period of a benchmark with JDK Flight Recorder's {@code profile} settings, sampling more
 * densely than they do (CPU every 2 ms instead of 10 to 20, up to 2,000 allocation samples a second
 * instead of 300), so that a run of a few seconds gives figures per request that hold; read it with
 * {@code jfr print} or {@code jfr view}.
 */
final class Profiler {
    private Profiler() {
    }

    /** Runs {@code work} while recording, then writes the recording to {@code file}. */
    static <T> T record(Path file, Supplier<T> work) {
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(2));
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "2000/s");
            recording.start();
            T result = work.get();
            recording.stop();
            recording.dump(file);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recording " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the JDK's \"profile\" JFR settings do not parse", e);
        }
    }
}
