package dev.morph.artifact;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers each artifact's observation for one invocation, so an artifact read by many jobs (a
 * stitched image directory feeds three steps, a cohort step reads every experiment's tables) is
 * examined once. With more than one thread, {@link #prefetch} walks the announced artifacts on a
 * small pool in the order given, while the caller consumes them: on a local disk that spreads the
 * system calls over the cores, on NFS it keeps several requests in flight. Whoever asks first for an
 * artifact not yet started probes it itself, so the caller never waits behind the queue. Answers are
 * the delegate's, whatever the thread count. Safe for concurrent callers.
 */
public final class ProbeCache implements ArtifactProbe {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ArtifactProbe delegate;
    private final int threads;
    private final ConcurrentHashMap<Artifact, FutureTask<Observation>> seen = new ConcurrentHashMap<>();
    private final AtomicLong probes = new AtomicLong();
    private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

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
        FutureTask<Observation> task = task(artifact);
        task.run(); // does nothing if a pool thread has started it or it is done
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "morph-probe-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pools.add(pool);
        Set<Artifact> queued = new HashSet<>();
        for (Artifact a : artifacts) {
            FutureTask<Observation> task = task(a);
            if (!task.isDone() && queued.add(a)) {
                pool.execute(() -> {
                    if (!closed) {
                        task.run();
                    }
                });
            }
        }
        pool.shutdown(); // its threads end when the queue is empty
    }

    /**
     * Drops the read-ahead not started (a plan that failed half-way does not need it): the pool threads
     * finish the artifacts they hold, uninterrupted, and take no more.
     */
    @Override
    public void close() {
        closed = true;
        pools.forEach(ExecutorService::shutdown);
    }

    private FutureTask<Observation> task(Artifact artifact) {
        return seen.computeIfAbsent(artifact, a -> new FutureTask<>(() -> {
            probes.incrementAndGet();
            return delegate.observe(a);
        }));
    }

    /** How many artifacts were actually probed. */
    public long probes() {
        return probes.get();
    }
}
