package dev.morph.artifact;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers each artifact's observation for one invocation, so an artifact read by many jobs (a
 * stitched image directory feeds three steps, a cohort step reads every experiment's tables) is
 * examined once. With more than one thread, {@link #prefetch} walks the announced artifacts on a
 * few threads in the order given, while the caller consumes them: on a local disk that spreads the
 * system calls over the cores, on NFS it keeps several requests in flight. Whoever asks first for an
 * artifact not yet started probes it itself, so the caller never waits behind the queue. Answers are
 * the delegate's, whatever the thread count. Safe for concurrent callers.
 *
 * <p>Plain threads and monitors rather than an executor and futures: a short command on a small root
 * pays for every class and method handle it sets up for the first time, and this is on its path.
 */
public final class ProbeCache implements ArtifactProbe {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ArtifactProbe delegate;
    private final int threads;
    private final ConcurrentHashMap<Artifact, Slot> seen = new ConcurrentHashMap<>();
    private final AtomicLong probes = new AtomicLong();
    private final List<ReadAhead> readAheads = new ArrayList<>();

    /** Probes in the caller's thread only. */
    public ProbeCache(ArtifactProbe delegate) {
        this(delegate, 1);
    }

    /** {@code threads}: how many threads {@link #prefetch} walks with; 1 means none besides the caller's. */
    public ProbeCache(ArtifactProbe delegate, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be at least 1");
        }
        this.delegate = delegate;
        this.threads = threads;
    }

    @Override
    public Observation observe(Artifact artifact) {
        Slot slot = slot(artifact);
        slot.run(); // does nothing if a read-ahead thread has started it or it is done
        try {
            return slot.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while reading " + artifact.display()));
        }
    }

    @Override
    public void prefetch(Iterable<Artifact> artifacts) {
        if (threads == 1) {
            return;
        }
        List<Slot> queue = new ArrayList<>();
        Set<Artifact> queued = new HashSet<>();
        for (Artifact a : artifacts) {
            Slot slot = slot(a);
            if (!slot.isDone() && queued.add(a)) {
                queue.add(slot);
            }
        }
        if (queue.isEmpty()) {
            return;
        }
        ReadAhead readAhead = new ReadAhead(queue, Math.min(threads, queue.size()));
        synchronized (readAheads) {
            readAheads.add(readAhead);
        }
        readAhead.startOne();
    }

    /** Drops read-ahead still queued (a plan that failed half-way does not need it). */
    @Override
    public void close() {
        synchronized (readAheads) {
            for (ReadAhead r : readAheads) {
                r.stop();
            }
        }
    }

    private Slot slot(Artifact artifact) {
        Slot known = seen.get(artifact);
        if (known != null) {
            return known;
        }
        Slot fresh = new Slot(artifact);
        Slot raced = seen.putIfAbsent(artifact, fresh);
        return raced == null ? fresh : raced;
    }

    /** How many artifacts were actually probed. */
    public long probes() {
        return probes.get();
    }

    /** One artifact's observation: not started, being probed by one thread, or done (a value or a failure). */
    private final class Slot {
        private final Artifact artifact;
        private boolean started;
        private boolean done;
        private Observation value;
        private Throwable failure;

        Slot(Artifact artifact) {
            this.artifact = artifact;
        }

        /** Probes the artifact unless another thread has started to. */
        void run() {
            synchronized (this) {
                if (started) {
                    return;
                }
                started = true;
            }
            Observation v = null;
            Throwable f = null;
            try {
                probes.incrementAndGet();
                v = delegate.observe(artifact);
            } catch (RuntimeException | Error e) {
                f = e;
            }
            synchronized (this) {
                value = v;
                failure = f;
                done = true;
                notifyAll();
            }
        }

        synchronized boolean isDone() {
            return done;
        }

        synchronized Observation await() throws InterruptedException {
            while (!done) {
                wait();
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return value;
        }
    }

    /**
     * The queue a few threads walk in order; each takes the next slot not yet started. Each thread starts
     * the next one, so the caller pays for starting one thread, not all of them.
     */
    private static final class ReadAhead implements Runnable {
        private final List<Slot> queue;
        private final int threads;
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean stopped;

        ReadAhead(List<Slot> queue, int threads) {
            this.queue = queue;
            this.threads = threads;
        }

        void startOne() {
            if (started.incrementAndGet() <= threads) {
                Thread t = new Thread(this, "morph-probe-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                t.start();
            }
        }

        @Override
        public void run() {
            if (!stopped) {
                startOne();
            }
            int i;
            while (!stopped && (i = next.getAndIncrement()) < queue.size()) {
                queue.get(i).run();
            }
        }

        void stop() {
            stopped = true;
        }
    }
}
