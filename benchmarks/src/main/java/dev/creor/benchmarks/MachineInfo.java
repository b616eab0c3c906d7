package dev.creor.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a figure was measured on: cores, CPU, memory, JDK, OS, time, and how busy the machine was. */
public final class MachineInfo {
    private MachineInfo() {
    }

    /** The machine and the JVM running this harness. */
    public static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("memoryMiB", totalMemoryMiB());
        machine.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + ")");
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("date", Instant.now().toString());
        return machine;
    }

    /**
     * The 1-, 5- and 15-minute load averages (runnable processes, all users): on a 2-core machine
     * anything above 2 means other work competed with the benchmark for the cores.
     */
    public static List<Double> loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
        } catch (IOException | RuntimeException unavailable) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return List.of(one, one, one);
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException unavailable) {
            return "unknown";
        }
    }

    private static long totalMemoryMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
                    .findFirst().orElse(-1L);
        } catch (IOException | RuntimeException unavailable) {
            return -1;
        }
    }
}
