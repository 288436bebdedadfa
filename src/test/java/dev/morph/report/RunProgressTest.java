package dev.morph.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.app.RunWatch;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import dev.morph.run.RunReason;
import dev.morph.run.RunState;
import dev.morph.run.RunStatus;
import dev.morph.text.Zone;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live display of a run, rendered into a {@link VirtualTerminal}: at every moment each line fits the
 * width (the terminal never has to wrap one), nothing stale is left behind after a redraw, a resize or
 * the end, and what it says — per-step progress, the running jobs, why jobs wait, an ETA from the
 * journal's durations — is there.
 */
class RunProgressTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final List<String> STEPS = List.of("build01", "qc_masks", "sam2", "build03", "latents", "build04_staging_and_qc", "build06");
    private static final Style STYLE = new Style(true, true, Zone.UTC);

    /** A lab-scale run: 5,000 jobs over seven steps, experiment names as long as real ones. */
    private static final class Lab {
        final List<RunState.JobEntry> jobs = new ArrayList<>();
        final AtomicReference<RunState> state = new AtomicReference<>();
        final Map<String, Map<String, Long>> needs = new HashMap<>();
        final Map<String, List<String>> upstream = new HashMap<>();

        Lab(int experiments) {
            for (String step : STEPS) {
                for (int e = 0; e < experiments; e++) {
                    String exp = String.format("2025%04d_30hpf_ctrl_atf6_long_experiment_name_%03d", e, e);
                    String id = step + "[" + exp + "]";
                    jobs.add(RunState.JobEntry.pending(id, step, exp, List.of()));
                    needs.put(id, step.equals("qc_masks") || step.equals("sam2") ? Map.of("gpus", 1L, "cpus", 1L) : Map.of("cpus", 1L));
                    int i = STEPS.indexOf(step);
                    upstream.put(id, i == 0 ? List.of() : List.of(STEPS.get(i - 1) + "[" + exp + "]"));
                }
            }
            publish();
        }

        void set(int index, JobStatus status, Instant at) {
            RunState.JobEntry j = jobs.get(index);
            RunState.JobEntry next = status == JobStatus.RUNNING ? j.running(1, at.toString(), "logs/" + j.step() + "/" + j.experiment() + ".log", 42L, null)
                    : j.with(new RunState.JobEntry.Outcome(status, status == JobStatus.FAILED ? JobReason.EXIT_NONZERO : JobReason.SUCCEEDED,
                    status == JobStatus.FAILED ? "exit code 1" : "ok", status == JobStatus.FAILED ? 1 : 0), 1, at.toString());
            jobs.set(index, next);
            publish();
        }

        void publish() {
            int ok = 0, failed = 0, running = 0;
            for (RunState.JobEntry j : jobs) {
                ok += j.status() == JobStatus.SUCCEEDED ? 1 : 0;
                failed += j.status() == JobStatus.FAILED ? 1 : 0;
                running += j.status() == JobStatus.RUNNING ? 1 : 0;
            }
            RunState.Metrics m = new RunState.Metrics(jobs.size(), ok, failed, 0, running, jobs.size() - ok - failed - running, 0, 0, 0, null, null);
            state.set(new RunState("20260101-100000-ab12", new RunState.Outcome(RunStatus.IN_PROGRESS, RunReason.RUNNING, ""),
                    new RunState.Origin("p.yaml", "/data", null, null, null, "local"), new RunState.Span(T0.toString(), null), null, m,
                    List.copyOf(jobs), List.of(), List.of(), null));
        }

        RunWatch watch(Map<String, Duration> typical) {
            Map<String, Integer> steps = new LinkedHashMap<>();
            jobs.forEach(j -> steps.merge(j.step(), 1, Integer::sum));
            return new RunWatch(state::get, "20260101-100000-ab12", "local", 4, Map.of("cpus", 4L, "gpus", 1L, "mem_mb", 65536L), steps, 3,
                    needs, upstream, typical);
        }
    }

    /** Writes into a virtual terminal on every flush. */
    private static final class Screen {
        final VirtualTerminal terminal;
        final StringWriter buffer = new StringWriter();
        final PrintWriter out = new PrintWriter(buffer) {
            @Override
            public void flush() {
                super.flush();
                terminal.feed(buffer.toString());
                buffer.getBuffer().setLength(0);
            }
        };

        Screen(int width) {
            terminal = new VirtualTerminal(width);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 80, 200})
    void live_atEveryMomentEveryLineFitsAndNothingStaleRemains(int width) {
        Lab lab = new Lab(715); // 5,005 jobs
        Screen screen = new Screen(width);
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        RunProgress progress = new RunProgress(screen.out, STYLE, new RunProgress.Mode(true, false), lab.watch(Map.of("build01", Duration.ofSeconds(30))),
                screen.terminal::width, now::get, false);
        int banner = screen.terminal.lines().size();
        assertTrue(banner >= 2, "a banner: " + screen.terminal.lines());
        int permanent = banner;
        for (int frame = 0; frame < 60; frame++) {
            now.set(T0.plusSeconds(frame * 5L));
            // four jobs start, earlier ones end; every seventh frame one fails
            for (int k = 0; k < 4; k++) {
                int index = frame * 4 + k;
                lab.set(index, JobStatus.RUNNING, now.get());
                if (index >= 4) {
                    boolean fail = frame % 7 == 0 && k == 0;
                    lab.set(index - 4, fail ? JobStatus.FAILED : JobStatus.SUCCEEDED, now.get());
                    if (fail) {
                        progress.ended(lab.jobs.get(index - 4));
                        permanent++;
                    }
                }
            }
            progress.redraw();
            List<String> shown = screen.terminal.lines();
            List<String> block = shown.subList(permanent, shown.size());
            assertTrue(block.size() >= 3, "overall line, step lines, running, waiting: " + shown);
            assertTrue(block.get(0).contains("/5005 done"), block.get(0));
            assertEquals(1, shown.stream().filter(l -> l.contains("/5005 done")).count(), () -> "one progress line, no stale copy:\n" + String.join("\n", shown));
        }
        assertEquals(0, screen.terminal.wraps(), "no line reached the right margin");
        List<String> end = screen.terminal.lines();
        assertTrue(end.stream().anyMatch(l -> l.contains("▶ ")), "running jobs shown: " + end);
        assertTrue(end.stream().anyMatch(l -> l.contains("waiting: ") && l.contains("for upstream jobs")), end.toString());
        assertTrue(end.stream().anyMatch(l -> l.contains("FAILED") && l.contains("build01/")), "failures stay above the block: " + end);

        progress.close();
        List<String> after = screen.terminal.lines();
        assertEquals(permanent, after.size(), () -> "the block is gone after close:\n" + String.join("\n", after));
        assertFalse(after.stream().anyMatch(l -> l.contains("done ·")), after.toString());
    }

    @Test
    void live_followsAResize_bothWays_withoutStaleRows() {
        Lab lab = new Lab(50);
        Screen screen = new Screen(200);
        AtomicInteger width = new AtomicInteger(200);
        RunProgress progress = new RunProgress(screen.out, STYLE, new RunProgress.Mode(true, false), lab.watch(Map.of()),
                width::get, () -> T0.plusSeconds(30), false);
        for (int k = 0; k < 4; k++) {
            lab.set(k, JobStatus.RUNNING, T0);
        }
        progress.redraw();
        int blockAt200 = screen.terminal.lines().size();
        for (int w : new int[] {60, 45, 120, 80}) {
            screen.terminal.resize(w); // the emulator rewraps what was drawn wider
            width.set(w);
            int wrapsBefore = screen.terminal.wraps();
            progress.redraw();
            List<String> shown = screen.terminal.lines();
            assertEquals(wrapsBefore, screen.terminal.wraps(), "the redraw fits " + w + " columns");
            assertEquals(1, shown.stream().filter(l -> l.contains("/350 done")).count(), () -> "no stale copy at " + w + ":\n" + String.join("\n", shown));
            shown.forEach(l -> assertTrue(DisplayWidth.of(l) <= w, l));
        }
        assertTrue(blockAt200 > 0);
        progress.close();
    }

    @Test
    void waitingReasons_sayWhichResourceAndHowMuchIsInUse() {
        Lab lab = new Lab(10);
        // every build01 succeeded; one qc_masks job holds the only GPU
        for (int e = 0; e < 10; e++) {
            lab.set(e, JobStatus.SUCCEEDED, T0);
        }
        lab.set(10, JobStatus.RUNNING, T0);
        List<String> block = new ProgressLines(Style.PLAIN, lab.watch(Map.of())).block(lab.state.get(), T0.plusSeconds(5), 200);

        String waiting = block.stream().filter(l -> l.contains("waiting:")).findFirst().orElseThrow();
        assertTrue(waiting.contains("9 for gpus (1 of 1 in use)"), waiting);
        assertTrue(waiting.contains("for upstream jobs"), waiting);
    }

    @Test
    void eta_comesFromTheStepsPastDurations_andDoesNotClimbWhileJobsRun() {
        Lab lab = new Lab(4); // 28 jobs
        Map<String, Duration> typical = new HashMap<>();
        STEPS.forEach(s -> typical.put(s, Duration.ofSeconds(60)));
        RunWatch watch = lab.watch(typical);
        for (int k = 0; k < 4; k++) {
            lab.set(k, JobStatus.RUNNING, T0);
        }
        // 28 jobs of 60 s on 4 slots: 7 minutes, less what the running ones have done
        Duration at10 = watch.eta(lab.state.get(), T0.plusSeconds(10)).orElseThrow().left();
        Duration at50 = watch.eta(lab.state.get(), T0.plusSeconds(50)).orElseThrow().left();
        assertFalse(watch.eta(lab.state.get(), T0).orElseThrow().guessed());
        assertEquals(Duration.ofSeconds((24 * 60 + 4 * 50) / 4), at10);
        assertTrue(at50.compareTo(at10) < 0, at10 + " then " + at50);

        Lab fresh = new Lab(4);
        assertTrue(fresh.watch(Map.of()).eta(fresh.state.get(), T0).isEmpty(), "no durations to go by: no ETA rather than a guess");
        RunWatch.Eta partly = fresh.watch(Map.of("build01", Duration.ofSeconds(60))).eta(fresh.state.get(), T0).orElseThrow();
        assertTrue(partly.guessed(), "other steps go by build01's duration, marked as a guess");
    }

    @Test
    void plain_printsBannerFailuresAndATenthLine_notALinePerJob() {
        Lab lab = new Lab(10); // 70 jobs
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        RunProgress progress = new RunProgress(out, Style.PLAIN, new RunProgress.Mode(false, false), lab.watch(Map.of()), () -> 0, () -> T0, false);
        for (int i = 0; i < 70; i++) {
            lab.set(i, JobStatus.RUNNING, T0);
            progress.started(dev.morph.plan.JobId.parse(lab.jobs.get(i).id()), 1, null);
            lab.set(i, i == 3 ? JobStatus.FAILED : JobStatus.SUCCEEDED, T0);
            progress.ended(lab.jobs.get(i));
        }
        progress.close();
        List<String> lines = List.of(text.toString().split("\n"));
        assertTrue(lines.get(0).startsWith("Run 20260101-100000-ab12: 70 jobs (3 blocked) · -j 4"), lines.get(0));
        assertEquals(1, lines.stream().filter(l -> l.contains("FAILED") && l.contains("build01/")).count(), text.toString());
        assertEquals(0, lines.stream().filter(l -> l.contains(" start ") || l.contains("ok ")).count(), text.toString());
        assertTrue(lines.stream().filter(l -> l.contains("/70 done")).count() >= 9, text.toString());
        assertFalse(text.toString().contains("\u001b"), "no escape sequences in plain mode");
    }
}
