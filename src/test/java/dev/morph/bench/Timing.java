package dev.morph.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The times of one command (seconds, in the order taken) and what it answered; where a {@link Timer.Meter}
 * counted, the calls each timed execution made (in the same order), else none.
 */
public record Timing(String name, String command, List<Double> seconds, Outcome outcome, List<Map<String, Long>> calls) {
    public Timing {
        seconds = List.copyOf(seconds);
        calls = calls.stream().map(c -> Collections.unmodifiableMap(new LinkedHashMap<>(c))).toList(); // in the server's order
    }

    public Timing(String name, String command, List<Double> seconds, Outcome outcome) {
        this(name, command, seconds, outcome, List.of());
    }

    public boolean timed() {
        return !seconds.isEmpty();
    }

    public double median() {
        List<Double> s = seconds.stream().sorted().toList();
        int n = s.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public double min() {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double max() {
        return seconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The calls of the last timed execution, if counted. */
    public Optional<Map<String, Long>> lastCalls() {
        return calls.isEmpty() ? Optional.empty() : Optional.of(calls.get(calls.size() - 1));
    }

    /** Whether counter {@code name} differed between timed executions. */
    public boolean varied(String name) {
        return calls.stream().map(c -> c.get(name)).distinct().count() > 1;
    }
}
