package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.Missing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's processes never outlive it, with real processes: a job that keeps forking, one that double
 * forks, one that leaves a child behind when it exits, and every job of a morph killed with SIGKILL. Each
 * job's processes carry a marker in their arguments ({@code sleep N} with an N of this test's own), and
 * the test looks for any process that still has it.
 */
class ProcessTreeTest {
    private static final AtomicInteger MARKERS = new AtomicInteger(31_000 + (int) (ProcessHandle.current().pid() % 1000) * 7);

    @TempDir
    Path tmp;

    private final List<String> markers = new ArrayList<>();
    private RunFixture fixture;

    @AfterEach
    void cleanUp() {
        if (fixture != null) {
            fixture.killEverything();
        }
        markers.forEach(m -> withMarker(m).forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly)));
    }

    @Test
    void aJobThatKeepsForking_leavesNothingAliveAfterItsTimeout() throws IOException {
        String marker = marker();
        RunFixture f = fixture(RunFixture.workStep("""
                touch {root}/started
                while :; do sleep %s & kill $! 2>/dev/null; done
                """.formatted(marker)), "a");
        for (int trial = 0; trial < 5; trial++) {
            RunFixture.Result r = f.morph("run", "--timeout", "1s", "--kill-grace", "1s", "--run-id", "t" + trial);
            assertEquals(1, r.exitCode(), r::toString);
            assertEquals("TIMEOUT", f.job(f.runState("t" + trial), "work[a]").path("reason_code").asText(), r::toString);
            assertEquals(List.of(), withMarker(marker), "trial " + trial + ": the loop's children outlived the job");
        }
    }

    @Test
    void aDoubleForkedChild_isStoppedWithItsJob_whetherTheJobTimesOutOrExits() throws IOException {
        String marker = marker();
        RunFixture f = fixture(RunFixture.workStep("""
                (sleep %s &)
                (sleep %s </dev/null >/dev/null 2>&1 &)
                echo built > {outputs.out}
                if [ -e {root}/hold ]; then sleep 300; fi
                """.formatted(marker, marker)), "a");
        RunFixture.Result exited = f.morph("run", "--run-id", "exits");
        assertEquals(0, exited.exitCode(), exited::toString);
        assertEquals(List.of(), withMarker(marker), "children a job left behind when it exited");

        f.file("hold", "");
        RunFixture.Result timedOut = f.morph("run", "--force", "--timeout", "1s", "--kill-grace", "1s", "--run-id", "times-out");
        assertEquals(1, timedOut.exitCode(), timedOut::toString);
        assertEquals(List.of(), withMarker(marker), "children of a job that timed out");
    }

    @Test
    void aChildInASessionOfItsOwn_isStoppedWhereJobsGetACgroup() throws IOException {
        try (JobCgroups cgroups = JobCgroups.detect()) {
            if (!cgroups.available()) {
                Missing.component("the setsid process-tree test", "this machine gives morph no cgroup v2 of its own to divide (see README)");
            }
        }
        String marker = marker();
        RunFixture f = fixture(RunFixture.workStep("""
                setsid sleep %s </dev/null >/dev/null 2>&1 &
                echo built > {outputs.out}
                """.formatted(marker)), "a");
        RunFixture.Result r = f.morph("run");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(), withMarker(marker), "a setsid grandchild outlived its job");
    }

    @Test
    void killingMorphWithSigkill_stopsEveryJobItStarted() throws IOException {
        String marker = marker();
        RunFixture f = fixture(RunFixture.workStep("""
                sleep %s & echo $! > {root}/pids/{exp}.child
                (sleep %s &)
                echo $$ > {root}/pids/{exp}.job
                wait
                """.formatted(marker, marker)), "a", "b");
        Files.createDirectories(f.root.resolve("pids"));
        Process morph = f.morphProcess("m", "run", "-j", "2", "--kill-grace", "1s");
        Evidence.await("both jobs' processes", () -> withMarker(marker).size() == 4 && Evidence.pids(f.root.resolve("pids")).size() == 4,
                () -> f.transcript("m"));

        RunFixture.signal(morph, "KILL");
        Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m"));

        Evidence.await("every job process of the killed morph to be gone",
                () -> withMarker(marker).isEmpty() && Evidence.alive(Evidence.pids(f.root.resolve("pids"))).isEmpty(),
                () -> "alive: " + withMarker(marker) + " " + Evidence.alive(Evidence.pids(f.root.resolve("pids"))));
        JsonNode plan = f.planJson();
        assertTrue(RunFixture.reasonCodes(plan, "work[a]").contains("INCOMPLETE"), plan::toPrettyString);
    }

    private RunFixture fixture(String steps, String... experiments) {
        fixture = new RunFixture(tmp, RunFixture.pipeline(steps));
        for (String e : experiments) {
            fixture.experiment(e);
        }
        return fixture;
    }

    private String marker() {
        String m = Integer.toString(MARKERS.incrementAndGet());
        markers.add(m);
        return m;
    }

    /** The live (not zombie) processes whose arguments are {@code sleep MARKER}. */
    private static List<Long> withMarker(String marker) {
        String wanted = "sleep\0" + marker + "\0";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> cmdline(p).endsWith(wanted) && !Evidence.gone(Long.parseLong(p.getFileName().toString())))
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
