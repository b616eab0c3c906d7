package dev.creor.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one client did in one or more measured periods: latencies (in nanoseconds), how many
 * requests completed and failed, and the client process's CPU time and allocation meanwhile.
 */
final class Phase {
    /** From the time the schedule says the request should start to the end of the answer. */
    final Histogram responseTime = histogram();
    /** From the time the request was actually sent to the end of the answer. */
    final Histogram serviceTime = histogram();
    /** From the scheduled start to the first token (streams only). */
    final Histogram firstToken = histogram();
    /** How late the sender was against its schedule. */
    final Histogram sendLag = histogram();
    long completed;
    long failed;
    long cpuNanos;
    long allocatedBytes;
    long elapsedNanos;
    String firstFailure = "";

    static Histogram histogram() {
        return new Histogram(60_000_000_000L, 3);
    }

    void add(Phase other) {
        responseTime.add(other.responseTime);
        serviceTime.add(other.serviceTime);
        firstToken.add(other.firstToken);
        sendLag.add(other.sendLag);
        completed += other.completed;
        failed += other.failed;
        cpuNanos += other.cpuNanos;
        allocatedBytes += other.allocatedBytes;
        elapsedNanos += other.elapsedNanos;
        if (firstFailure.isEmpty()) {
            firstFailure = other.firstFailure;
        }
    }

    double throughputPerSecond() {
        return elapsedNanos == 0 ? 0 : completed * 1e9 / elapsedNanos;
    }

    /** The figures as JSON-friendly values, latencies in microseconds. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("completed", completed);
        map.put("failed", failed);
        if (!firstFailure.isEmpty()) {
            map.put("firstFailure", firstFailure);
        }
        map.put("seconds", elapsedNanos / 1e9);
        map.put("throughputPerSecond", throughputPerSecond());
        map.put("responseTimeMicros", percentiles(responseTime));
        map.put("serviceTimeMicros", percentiles(serviceTime));
        if (firstToken.getTotalCount() > 0) {
            map.put("firstTokenMicros", percentiles(firstToken));
        }
        map.put("sendLagMicros", percentiles(sendLag));
        map.put("cpuMicrosPerRequest", completed == 0 ? 0 : cpuNanos / 1e3 / completed);
        map.put("allocatedBytesPerRequest", completed == 0 ? 0 : allocatedBytes / completed);
        return map;
    }

    static Map<String, Object> percentiles(Histogram histogram) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", histogram.getTotalCount());
        map.put("p50", micros(histogram.getValueAtPercentile(50)));
        map.put("p90", micros(histogram.getValueAtPercentile(90)));
        map.put("p99", micros(histogram.getValueAtPercentile(99)));
        map.put("p99.9", micros(histogram.getValueAtPercentile(99.9)));
        map.put("max", micros(histogram.getMaxValue()));
        map.put("mean", micros((long) histogram.getMean()));
        return map;
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
