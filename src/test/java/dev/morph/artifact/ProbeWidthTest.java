package dev.morph.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.pipeline.ArtifactKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeWidthTest {
    private static final long LOCAL_CALL = 5_000;     // ns: a stat on a local disk
    private static final long NETWORK_CALL = 500_000; // ns: a round trip to a file server

    /** Records {@code windows} full windows of probes taking {@code nanosPerCall} for each of {@code calls} calls. */
    private static int windows(ProbeWidth width, int windows, long nanosPerCall, long calls) {
        for (int w = 0; w < windows; w++) {
            for (int i = width.width(); i > 0; i--) {
                width.record(nanosPerCall * calls, calls);
            }
        }
        return width.width();
    }

    @Test
    void learnt_onALocalDisk_staysAtFour() {
        ProbeWidth width = ProbeWidth.learnt();
        assertEquals(ProbeWidth.START, windows(width, 100, LOCAL_CALL, 100));
    }

    @Test
    void learnt_onANetworkFileSystem_doublesEachWindowUpToTheLimit() {
        ProbeWidth width = ProbeWidth.learnt();
        List<Integer> seen = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            seen.add(windows(width, 1, NETWORK_CALL, 1));
        }
        assertEquals(List.of(8, 16, 32, 64, 64, 64), seen);
    }

    @Test
    void learnt_stopsWideningOnceAWiderWalkMadeCallsSlower() {
        ProbeWidth width = ProbeWidth.learnt();
        windows(width, 1, NETWORK_CALL, 10);            // 4 -> 8
        windows(width, 1, NETWORK_CALL, 10);            // 8 -> 16, calls as fast as before: it paid
        assertEquals(16, width.width());
        windows(width, 1, 2 * NETWORK_CALL, 10);        // the server saturates: twice as slow at 16
        assertEquals(16, windows(width, 10, NETWORK_CALL, 10), "settled: it widens no more");
    }

    @Test
    void learnt_countsAProbeThatFoundNothingAsOneCall() {
        ProbeWidth width = ProbeWidth.learnt();
        for (int i = 0; i < ProbeWidth.START; i++) {
            width.record(NETWORK_CALL, 0); // a missing file: one lookup that failed
        }
        assertEquals(8, width.width());
    }

    @Test
    void learntFor_aLocalDisk_startsAtFour(@TempDir Path dir) {
        assertEquals(ProbeWidth.START, ProbeWidth.learntFor(dir).width());
    }

    @Test
    void learnt_onALocalDisk_readsAheadOnceTheWalkHasTakenLongEnough() {
        ProbeWidth width = ProbeWidth.learnt();
        assertFalse(width.readsAhead());
        width.record(ProbeWidth.READ_AHEAD_AFTER.toNanos() - 1, 1);
        assertFalse(width.readsAhead());
        width.record(1, 1);
        assertTrue(width.readsAhead());
    }

    @Test
    void fixed_readsAheadFromTheStart() {
        assertTrue(ProbeWidth.fixed(2).readsAhead());
    }

    /** A short walk on a local disk stays on the caller's thread; a long one gets its read-ahead pool once it has taken long enough. */
    @Test
    void probeCache_withALearntWidthOnALocalDisk_startsThreadsOnlyForALongWalk() throws InterruptedException {
        List<Artifact> artifacts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            artifacts.add(new Artifact(ArtifactKind.FILE, "a/" + i));
        }
        long each = ProbeWidth.READ_AHEAD_AFTER.toNanos() / 100; // the 100th probe completes the walk that pays for threads
        AtomicLong clock = new AtomicLong();
        Thread caller = Thread.currentThread();
        Set<Thread> probing = ConcurrentHashMap.newKeySet();
        CountDownLatch readAhead = new CountDownLatch(1);
        ArtifactProbe timed = a -> {
            clock.addAndGet(each);
            probing.add(Thread.currentThread());
            if (Thread.currentThread() != caller) {
                readAhead.countDown();
            }
            return Observation.ABSENT;
        };
        try (ProbeCache cache = new ProbeCache(timed, ProbeWidth.learnt(), clock::get)) {
            cache.prefetch(artifacts);
            artifacts.subList(0, 99).forEach(cache::observe);
            assertEquals(Set.of(caller), probing, "99 probes: no read-ahead yet");
            cache.observe(artifacts.get(99));
            assertTrue(readAhead.await(30, TimeUnit.SECONDS), "a read-ahead thread probes after the 100th probe");
            artifacts.forEach(cache::observe);
            assertEquals(200, cache.probes());
        }
    }

    @Test
    void fixed_neverChanges() {
        ProbeWidth width = ProbeWidth.fixed(3);
        assertEquals(3, windows(width, 10, NETWORK_CALL, 1));
    }

    /** The cache's read-ahead pool grows with a learnt width: more artifacts are in flight at once than it started with. */
    @Test
    void probeCache_withALearntWidth_walksWiderOnASlowFileSystem() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Artifact> artifacts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            artifacts.add(new Artifact(ArtifactKind.FILE, "a/" + i));
        }
        try (ProbeCache cache = new ProbeCache(a -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2); // a metadata call's round trip to a file server
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Observation.ABSENT;
        }, ProbeWidth.learnt())) {
            cache.prefetch(artifacts);
            artifacts.forEach(cache::observe);
            assertEquals(400, cache.probes());
        }
        assertTrue(most.get() > ProbeWidth.START + 1, "at most " + most.get() + " probes in flight at once");
    }
}
