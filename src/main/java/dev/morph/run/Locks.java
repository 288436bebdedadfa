package dev.morph.run;

import com.fasterxml.jackson.core.JacksonException;
import dev.morph.plan.JobId;
import dev.morph.store.AtomicFiles;
import dev.morph.store.Clock;
import dev.morph.store.NoLinks;
import dev.morph.store.StateJson;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Per-job locks, so a job never runs twice at once, whoever starts it (two terminals, two users,
 * cluster jobs on a shared root). A lock is created atomically (a hard link to a fully written file,
 * which NFS also makes atomic) and names its owner. A lock whose owner is dead on this host, whose run
 * has ended, or whose run's heartbeat is older than the expiry is stale and can be taken over.
 */
public final class Locks {
    /** The result of trying to take a lock. */
    public sealed interface Acquired {
    }

    public record Taken(Optional<LockInfo> tookOverFrom) implements Acquired {
    }

    public record HeldBy(LockInfo holder) implements Acquired {
    }

    /** Asks a cluster scheduler whether the job a lock names is still queued or running. */
    @FunctionalInterface
    public interface ClusterCheck {
        ClusterCheck NONE = holder -> false;

        boolean active(LockInfo holder);
    }

    private final StateLayout layout;
    private final Clock clock;
    private final Duration heartbeatExpiry;
    private final ClusterCheck cluster;

    public Locks(StateLayout layout, Clock clock, Duration heartbeatExpiry) {
        this(layout, clock, heartbeatExpiry, ClusterCheck.NONE);
    }

    public Locks(StateLayout layout, Clock clock, Duration heartbeatExpiry, ClusterCheck cluster) {
        this.layout = layout;
        this.clock = clock;
        this.heartbeatExpiry = heartbeatExpiry;
        this.cluster = cluster;
    }

    public Acquired acquire(JobId job, Owner owner) throws IOException {
        Path lock = layout.lock(job.step(), job.experiment());
        LockInfo mine = new LockInfo(job.toString(), owner, Instant.now().toString(), null, null, null);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (create(lock, mine)) {
                return new Taken(Optional.empty());
            }
            Optional<LockInfo> holder = read(lock);
            if (holder.isPresent() && !isStale(holder.get(), lock)) {
                return new HeldBy(holder.get());
            }
            if (takeOver(lock, holder.orElse(null)) && create(lock, mine)) {
                return new Taken(holder);
            }
        }
        return read(lock).<Acquired>map(HeldBy::new).orElse(new Taken(Optional.empty()));
    }

    /**
     * Records in our lock what runs the job (a local pid and its start time, or a cluster job ID), so
     * that if we die, whoever takes the lock over can find it. Atomic but not synced to disk, like the
     * lock itself: it only matters while this host is up (see {@link AtomicFiles#replace}), and waiting
     * for the disk here delayed every job's start.
     */
    public void annotate(JobId job, Owner owner, String executor, String executorId, Long executorStart) throws IOException {
        Path lock = layout.lock(job.step(), job.experiment());
        Optional<LockInfo> held = read(lock);
        if (held.isPresent() && held.get().owner().equals(owner)) {
            AtomicFiles.replace(lock, StateJson.mapper().writeValueAsBytes(held.get().withExecutor(executor, executorId, executorStart)));
        }
    }

    /**
     * Takes a job's lock from dead run {@code from} whose cluster job this run adopts. Atomic: of two runs
     * adopting at once, one wins; false when the lock is no longer {@code from}'s.
     */
    public boolean adopt(JobId job, Owner owner, String from, String executor, String executorId) throws IOException {
        Path lock = layout.lock(job.step(), job.experiment());
        LockInfo mine = new LockInfo(job.toString(), owner, Instant.now().toString(), executor, executorId, null);
        Optional<LockInfo> holder = read(lock);
        if (holder.isPresent() && !holder.get().owner().runId().equals(from)) {
            return false;
        }
        return (holder.isEmpty() || takeOver(lock, holder.get())) && create(lock, mine);
    }

    /** Removes the lock if {@code owner} still holds it. */
    public void release(JobId job, Owner owner) throws IOException {
        Path lock = layout.lock(job.step(), job.experiment());
        Optional<LockInfo> held = read(lock);
        if (held.isPresent() && held.get().owner().equals(owner)) {
            Files.deleteIfExists(lock);
        }
    }

    /** The live holder of a job's lock, if any (read-only: stale locks are reported as absent). */
    public Optional<LockInfo> liveHolder(JobId job) {
        Path lock = layout.lock(job.step(), job.experiment());
        try {
            Optional<LockInfo> holder = read(lock);
            return holder.isPresent() && !isStale(holder.get(), lock) ? holder : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the holder is gone: dead on this host, its run ended, or its heartbeat expired — and, for
     * a cluster job, the scheduler no longer runs it.
     */
    boolean isStale(LockInfo holder, Path lock) throws IOException {
        boolean ownerGone = ownerGone(holder, lock);
        if (ownerGone && !"local".equals(holder.executor())) {
            return !cluster.active(holder);
        }
        return ownerGone;
    }

    private boolean ownerGone(LockInfo holder, Path lock) throws IOException {
        Optional<Boolean> alive = holder.owner().alive();
        if (alive.isPresent()) {
            return !alive.get();
        }
        Path state = layout.runState(holder.owner().runId());
        Path beat = Files.exists(state) ? state : lock;
        try {
            if (beat == state) {
                RunState run = StateJson.read(state, RunState.class);
                if (!run.inProgress()) {
                    return true;
                }
            }
            long last = Files.readAttributes(beat, BasicFileAttributes.class).lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return clock.now() - last > heartbeatExpiry.toNanos();
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            // An unreadable run record says nothing about liveness; fall back to the lock's own age.
            long last = Files.readAttributes(lock, BasicFileAttributes.class).lastModifiedTime().to(TimeUnit.NANOSECONDS);
            return clock.now() - last > heartbeatExpiry.toNanos();
        }
    }

    private static boolean create(Path lock, LockInfo info) throws IOException {
        NoLinks.check(lock);
        if (!Files.isDirectory(lock.getParent())) {
            Files.createDirectories(lock.getParent());
        }
        Path temp = lock.resolveSibling("." + lock.getFileName() + ".new-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.write(temp, StateJson.mapper().writeValueAsBytes(info));
            Files.createLink(lock, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Moves a stale lock aside; only one taker can win the rename. If the lock changed hands since it
     * was judged stale, it is put back and the take-over fails.
     */
    private static boolean takeOver(Path lock, LockInfo judged) throws IOException {
        Path aside = lock.resolveSibling("." + lock.getFileName() + ".stale-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.move(lock, aside);
        } catch (NoSuchFileException e) {
            return true;
        }
        Optional<LockInfo> moved = read(aside);
        if (judged != null && moved.isPresent() && !Objects.equals(moved.get(), judged)) {
            try {
                Files.createLink(lock, aside);
            } catch (FileAlreadyExistsException e) {
                // someone else holds it now; either way it is not ours
            }
            Files.deleteIfExists(aside);
            return false;
        }
        Files.deleteIfExists(aside);
        return true;
    }

    private static Optional<LockInfo> read(Path lock) throws IOException {
        try {
            return Optional.of(StateJson.read(lock, LockInfo.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
