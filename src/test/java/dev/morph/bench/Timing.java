package dev.morph.bench;

import java.util.List;

/** The times of one command (seconds, in the order taken) and what it answered. */
public record Timing(String name, String command, List<Double> seconds, Outcome outcome) {
    public Timing {
        seconds = List.copyOf(seconds);
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
}
