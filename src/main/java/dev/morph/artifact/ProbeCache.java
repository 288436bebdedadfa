package dev.morph.artifact;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Remembers each artifact's observation for one invocation, so an artifact read by many jobs (a
 * stitched image directory feeds three steps, a cohort step reads every experiment's tables) is
 * examined once. With more than one thread, the artifacts {@link #prefetch} announces are walked on
 * a pool in the order given, while the caller consumes them: on a local disk that spreads the system
 * calls over the cores, on NFS it keeps several requests in flight, the more of them the slower each
 * call is ({@link ProbeWidth}, which widens the pool as it learns and says when reading ahead starts).
 * Whoever asks first for an artifact not yet started probes it itself, so the caller never waits
 * behind the queue. Answers are the delegate's, whatever the thread count. Safe for concurrent callers.
 */
public final class ProbeCache implements ArtifactProbe {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ArtifactProbe delegate;
    private final ProbeWidth width;
    private final LongSupplier clock;
    private final ConcurrentHashMap<Artifact, FutureTask<Observation>> seen = new ConcurrentHashMap<>();
    private final AtomicLong probes = new AtomicLong();
    private final List<ThreadPoolExecutor> pools = new CopyOnWriteArrayList<>();
    /** Announced artifacts that no pool walks yet. */
    private final AtomicReference<Iterable<Artifact>> announced = new AtomicReference<>();
    private volatile boolean closed;

    /** Probes in the caller's thread only. */
    public ProbeCache(ArtifactProbe delegate) {
        this(delegate, ProbeWidth.fixed(1));
    }

    /** {@code width}: how many threads {@link #prefetch} walks with; 1 means none besides the caller's. */
    public ProbeCache(ArtifactProbe delegate, ProbeWidth width) {
        this(delegate, width, System::nanoTime);
    }

    /** {@code clock} times each probe, in nanoseconds. */
    ProbeCache(ArtifactProbe delegate, ProbeWidth width, LongSupplier clock) {
        this.delegate = delegate;
        this.width = width;
        this.clock = clock;
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
        if (width.limit() == 1) {
            return;
        }
        announced.set(artifacts);
        if (width.readsAhead()) {
            readAhead();
        }
    }

    /** Starts a pool walking the announced artifacts not probed yet, unless one already took them. */
    private void readAhead() {
        Iterable<Artifact> artifacts = announced.getAndSet(null);
        if (artifacts == null || closed) {
            return;
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(width.width(), width.limit(), 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
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
        pools.forEach(ThreadPoolExecutor::shutdown);
    }

    private FutureTask<Observation> task(Artifact artifact) {
        return seen.computeIfAbsent(artifact, a -> new FutureTask<>(() -> {
            probes.incrementAndGet();
            long start = clock.getAsLong();
            Observation observation = delegate.observe(a);
            widen(width.record(clock.getAsLong() - start, observation.files()));
            if (announced.get() != null && width.readsAhead()) {
                readAhead();
            }
            return observation;
        }));
    }

    /** Walks ahead with {@code threads} from now on; a pool that was shut down still takes them for its queue. */
    private void widen(int threads) {
        for (ThreadPoolExecutor pool : pools) {
            if (pool.getCorePoolSize() < threads) {
                pool.setCorePoolSize(threads);
            }
        }
    }

    /** How many artifacts were actually probed. */
    public long probes() {
        return probes.get();
    }
}
