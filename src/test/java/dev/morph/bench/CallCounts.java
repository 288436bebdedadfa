package dev.morph.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests the latency file system ({@code src/bench/netfs/}) has served since it was mounted, by
 * kind, as its stats file gives them: {@code lookup} (a name resolved: every path component a tool walks
 * through, and every entry it stats by name), {@code getattr} (an attribute read), {@code opendir} (a
 * directory listed), {@code readdir} (one batch of a listing), {@code open}, {@code readlink},
 * {@code statfs}; the entries listings returned; closes and forgets (never delayed); and how many
 * requests were delayed and for how long in all. {@code dumps} counts the files the server has written,
 * so a reader knows when a dump it asked for has come. Differences of two readings are what one command
 * cost.
 */
public record CallCounts(String state, long dumps, int delayUs, int maxThreads, Map<String, Long> calls) {
    /** Every counter the server writes, in its order; the first seven are the delayed round trips. */
    public static final List<String> COUNTERS = List.of("lookup", "getattr", "readlink", "opendir", "readdir", "open", "statfs",
            "readdir_entries", "releasedir", "read", "release", "forget", "delayed_calls", "delayed_ns");

    /** The requests that each cost one round trip. */
    public static final List<String> ROUND_TRIPS = COUNTERS.subList(0, 7);

    private static final String MAGIC = "netfs-stats 1";

    public CallCounts {
        calls = Map.copyOf(calls);
    }

    /** Reads a stats file's lines; {@code source} names it in the error, which says what is wrong where. */
    public static CallCounts parse(List<String> lines, String source) {
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            throw new IllegalArgumentException(source + ":1: not a netfs stats file (expected '" + MAGIC
                    + "'); rebuild the server (rm target/bench-netfs; run.sh --netfs builds it from src/bench/netfs/)");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int space = line.indexOf(' ');
            if (space <= 0 || fields.put(line.substring(0, space), line.substring(space + 1)) != null) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": '" + line + "' is not one 'name value' pair of its own");
            }
        }
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String counter : COUNTERS) {
            calls.put(counter, number(fields, counter, source));
        }
        String state = fields.get("state");
        if (state == null) {
            throw new IllegalArgumentException(source + ": no 'state' line");
        }
        return new CallCounts(state, number(fields, "dumps", source), Math.toIntExact(number(fields, "delay_us", source)),
                Math.toIntExact(number(fields, "max_threads", source)), calls);
    }

    private static long number(Map<String, String> fields, String name, String source) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException(source + ": no '" + name + "' counter; rebuild the server (rm target/bench-netfs; run.sh --netfs builds it from src/bench/netfs/)");
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw new IllegalArgumentException(source + ": '" + name + " " + value + "' is not a count");
        }
        return n;
    }

    /** What was served between {@code before} and this reading (the settings and dumps are this reading's). */
    public CallCounts minus(CallCounts before) {
        Map<String, Long> d = new LinkedHashMap<>();
        for (String counter : COUNTERS) {
            long n = get(counter) - before.get(counter);
            if (n < 0) {
                throw new IllegalArgumentException("counter " + counter + " went down from " + before.get(counter) + " to " + get(counter)
                        + ": the two readings are of different mounts");
            }
            d.put(counter, n);
        }
        return new CallCounts(state, dumps, delayUs, maxThreads, d);
    }

    public long get(String counter) {
        Long n = calls.get(counter);
        if (n == null) {
            throw new IllegalArgumentException("no counter " + counter + "; choose from " + COUNTERS);
        }
        return n;
    }

    /** Requests that each waited the delay: what the tool paid for in round trips. */
    public long roundTrips() {
        return ROUND_TRIPS.stream().mapToLong(this::get).sum();
    }

    /** The mean time a delayed request really slept, in microseconds (NaN if none was delayed). */
    public double meanDelayMicros() {
        long n = get("delayed_calls");
        return n == 0 ? Double.NaN : get("delayed_ns") / 1e3 / n;
    }

    /** The counters alone, in the server's order: what {@link Timer} subtracts around each command. */
    public Map<String, Long> counters() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        COUNTERS.forEach(c -> ordered.put(c, get(c)));
        return ordered;
    }
}
