package dev.morph.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How many threads read artifacts ahead of the planner, and from when. Either fixed ({@code
 * --probe-threads}), reading ahead from the start, or learnt from the file system while it is walked.
 * A learnt width on a local disk reads ahead only once the planner's own walk has taken {@link
 * #READ_AHEAD_AFTER}: starting threads costs more than a shorter walk takes (the demo root's status was
 * 5–20 ms slower with them, a root of 30 experiments 20 ms). Where the file store's type is a network file
 * system's it reads ahead from the start, with sixteen walkers. Learnt widths start at four, which keep
 * two cores busy; while a metadata call takes {@link #SLOW_CALL} or more (a network file system, where
 * each call is a round trip), the width doubles after every window of as many probes as there are
 * walkers, up to {@link #LIMIT}. It stops widening for good once a wider walk made calls much slower (the
 * server, not the round trip, has become the limit) or the limit is reached. A local disk answers in
 * microseconds, so there it stays at four.
 */
public final class ProbeWidth {
    /** Walkers a learnt width starts with. */
    public static final int START = 4;
    /** The most walkers a learnt width reaches: requests in flight that a shared file server tolerates from one user. */
    public static final int LIMIT = 64;
    /** A metadata call this slow is a round trip worth overlapping. */
    static final Duration SLOW_CALL = Duration.ofNanos(100_000);
    /** A wider walk that made each call this many times slower did not pay. */
    private static final double SLOWDOWN = 1.5;
    /** How long a learnt width on a local disk lets the planner walk alone before threads read ahead. */
    static final Duration READ_AHEAD_AFTER = Duration.ofMillis(50);

    private final boolean learning;
    private final boolean readAheadFromStart;
    private long walkedNanos;
    private int width;
    private boolean settled;
    private double lastLatencyNanos = Double.NaN;
    private long windowNanos;
    private long windowCalls;
    private int windowProbes;

    private ProbeWidth(int width, boolean learning, boolean readAheadFromStart) {
        if (width < 1) {
            throw new IllegalArgumentException("probe threads (" + width + ") must be at least 1");
        }
        this.width = width;
        this.learning = learning;
        this.readAheadFromStart = readAheadFromStart;
    }

    /** Exactly {@code threads} walkers; 1 means none besides the planner's own thread. */
    public static ProbeWidth fixed(int threads) {
        return new ProbeWidth(threads, false, true);
    }

    /** A width learnt from how long metadata calls take on this file system, taken to be a local one. */
    public static ProbeWidth learnt() {
        return new ProbeWidth(START, true, false);
    }

    /**
     * A width learnt on the file system holding {@code root}: on one whose type says each call is a
     * round trip ({@link #NETWORK_START}), it starts wide rather than spend its first windows finding out.
     */
    public static ProbeWidth learntFor(Path root) {
        boolean networked = isNetworked(root);
        return new ProbeWidth(networked ? NETWORK_START : START, true, networked);
    }

    /** Walkers a learnt width starts with on a network file system. */
    static final int NETWORK_START = 16;

    private static final Set<String> NETWORK_TYPES = Set.of("nfs", "nfs4", "lustre", "gpfs", "cifs", "smb3", "smbfs",
            "ceph", "beegfs", "glusterfs", "9p");

    /** Whether the file store's type is a network file system's; false when it cannot be told. */
    static boolean isNetworked(Path root) {
        try {
            String type = Files.getFileStore(root).type();
            return NETWORK_TYPES.contains(type) || type.startsWith("fuse.");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The current number of walkers. */
    public synchronized int width() {
        return width;
    }

    /** Whether threads should read ahead now: from the start, or once the walk so far has taken long enough. */
    synchronized boolean readsAhead() {
        return readAheadFromStart || walkedNanos >= READ_AHEAD_AFTER.toNanos();
    }

    /** The most walkers this width can reach. */
    int limit() {
        return learning ? LIMIT : width;
    }

    /**
     * Takes one probe's time and how many metadata calls it made (about one per file seen, at least
     * one), and returns the width to walk with from now on.
     */
    public synchronized int record(long nanos, long calls) {
        walkedNanos += nanos;
        if (!learning || settled) {
            return width;
        }
        windowNanos += nanos;
        windowCalls += Math.max(1, calls);
        if (++windowProbes < width) {
            return width;
        }
        double latency = (double) windowNanos / windowCalls;
        windowNanos = 0;
        windowCalls = 0;
        windowProbes = 0;
        if (latency > lastLatencyNanos * SLOWDOWN) {
            settled = true;
        } else if (latency >= SLOW_CALL.toNanos()) {
            width = Math.min(LIMIT, width * 2);
            lastLatencyNanos = latency;
            settled = width == LIMIT;
        }
        return width;
    }
}
