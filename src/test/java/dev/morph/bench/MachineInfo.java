package dev.morph.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine a benchmark ran on, as printed above its table and stored with its results: CPU model,
 * cores, memory, kernel, the file system of the data roots, Java, and each tool's version.
 */
public final class MachineInfo {
    private MachineInfo() {
    }

    public static Map<String, String> collect(Path roots, String java, Path morph) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
        info.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        info.put("memory", memory());
        info.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        info.put("root file system", fileSystem(roots));
        info.put("java", firstLine(output(List.of(java, "-version"))));
        info.put("morph", firstLine(output(List.of(morph.toString(), "--version"))));
        info.put("find", firstLine(output(List.of("find", "--version"))));
        info.put("ninja", firstLine(output(List.of("ninja", "--version"))));
        info.put("make", firstLine(output(List.of("make", "--version"))));
        info.put("snakemake", firstLine(output(List.of("snakemake", "--version"))));
        return info;
    }

    /** The type, device and size of the file system holding {@code dir}, e.g. {@code ext4 /dev/vda 252G}. */
    public static String fileSystem(Path dir) {
        return lastLine(output(List.of("df", "-h", "--output=fstype,source,size", dir.toString())));
    }

    private static String memory() {
        String kb = firstMatch(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
        return kb.isEmpty() ? "unknown" : String.format("%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
    }

    private static String firstMatch(Path file, String key) {
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.startsWith(key)) {
                    return l.substring(l.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** stdout and stderr of a short command; "not installed" when it cannot start. */
    static String output(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return text;
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String firstLine(String text) {
        return text.lines().filter(l -> !l.startsWith("NOTE: Picked up")).findFirst().orElse("").strip();
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip().replaceAll("\\s+", " ");
    }

    /** Whether a program is on the PATH. */
    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
