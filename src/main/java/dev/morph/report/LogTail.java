package dev.morph.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The end of a job's log as the run reports quote it under a failed job. */
final class LogTail {
    private LogTail() {
    }

    /**
     * The non-blank ones among the last {@code n} lines {@code keep} accepts; none when the log cannot
     * be read (a report still prints without it).
     */
    static List<String> of(Path log, int n, Predicate<String> keep) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(keep).toList();
            List<String> out = new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
            out.removeIf(String::isBlank);
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
