package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.exec.Evidence;
import dev.morph.exec.RunFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs on a real SLURM and a real Grid Engine: parallel jobs, a failing job and what depends on it,
 * exit codes from exit-code files, the scheduler's time limit, a job cancelled behind morph's back, and a
 * submission the scheduler refuses. Jobs leave evidence lines; nothing here measures time.
 */
class ClusterRunTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final RunFixtures fixtures = new RunFixtures(() -> tmp);

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void parallelJobs_runAtOnceOnTheCluster(String kind) {
        Schedulers.require(kind);
        // each job waits until it sees another job started: only jobs that really overlap can both finish early
        RunFixture f = fixtures.pipeline(RunFixture.workStep("""
                echo start {exp} >> {root}/events.log
                i=0
                while [ "$(grep -c '^start' {root}/events.log)" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
                echo %s > {outputs.out}
                echo end {exp} >> {root}/events.log
                """.formatted(Schedulers.JOB_ID)));
        f.experiment("a").experiment("b").experiment("c");

        RunFixture.Result r = f.morph(Schedulers.run(kind));

        assertEquals(0, r.exitCode(), r.toString());
        List<String> events = f.lines("events.log");
        assertTrue(RunFixture.maxConcurrent(events) >= 2, "jobs overlapped on " + kind + ": " + events);
        JsonNode state = f.lastRunState();
        assertEquals(kind, state.get("executor").asText());
        for (String exp : List.of("a", "b", "c")) {
            JsonNode job = f.job(state, "work[" + exp + "]");
            assertEquals("succeeded", job.get("status").asText(), job.toString());
            String id = job.get("executor_id").asText();
            assertTrue(id.matches("\\d+"), job.toString());
            assertEquals(id, f.read("out/" + exp + ".txt").strip(), "the job ran as the scheduler job morph recorded");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void stepNamesTheSchedulerReserves_stillSubmit(String kind) {
        Schedulers.require(kind);
        // Grid Engine refuses a job name that starts with a digit or is a keyword such as ALL
        RunFixture f = fixtures.pipeline(RunFixture.workStep("cp {inputs.data}/data.txt {outputs.out}\n").replace("work:", "01_prep:") + """
                all:
                  scope: global
                  inputs:
                    outs: {from: 01_prep.out}
                  outputs:
                    table: all.txt
                  command: sh -c 'cat {inputs.outs} > {outputs.table}'
                """);
        f.experiment("a").experiment("b");

        RunFixture.Result r = f.morph(Schedulers.run(kind));

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("a", "b"), f.lines("all.txt"));
        JsonNode state = f.lastRunState();
        assertEquals("succeeded", f.job(state, "all").get("status").asText());
        assertEquals("succeeded", f.job(state, "01_prep[a]").get("status").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void jobsFindProgramsOnMorphsPath_onEveryScheduler(String kind) {
        Schedulers.require(kind);
        // a lab tool only morph's PATH knows (Grid Engine would start the job without it)
        RunFixture f = fixtures.pipeline(RunFixture.workStep("labtool {exp} > {outputs.out}\n"));
        f.experiment("a");
        Path bin = tmp.resolve("labbin");
        RunFixture.write(bin.resolve("labtool"), "#!/bin/sh\necho tool-saw-$1\n");
        assertTrue(bin.resolve("labtool").toFile().setExecutable(true));
        Process morph = f.morphProcess("m", java.util.Map.of("PATH", bin + ":" + System.getenv("PATH")), Schedulers.run(kind));

        assertEquals(0, Evidence.exitCode(morph, 120, () -> f.transcript("m")), f.transcript("m"));
        assertEquals("tool-saw-a", f.read("out/a.txt").strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "slurm", "sge"})
    void pipelineAndStepEnvAndSetup_reachTheJob_onEveryExecutor(String kind) throws IOException {
        if (!kind.equals("local")) {
            Schedulers.require(kind);
        }
        RunFixture f = fixtures.pipeline(RunFixture.workStep("echo \"$LAB $STEP_VAR $FROM_SETUP $FROM_STEP\" > {outputs.out}\n") + """
                  env: {STEP_VAR: step-value, LAB: overridden}
                  setup: export FROM_STEP="$FROM_SETUP+step"
                """);
        RunFixture.write(f.pipeline, "env: {LAB: lab-value}\nsetup: [\"export FROM_SETUP=pipeline-setup\"]\n" + java.nio.file.Files.readString(f.pipeline));
        f.experiment("a");

        RunFixture.Result r = f.morph(kind.equals("local") ? new String[] {"run"} : Schedulers.run(kind));

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("overridden step-value pipeline-setup pipeline-setup+step", f.read("out/a.txt").strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void stepWithExecutorLocal_runsAsALocalProcess_inAClusterRun(String kind) {
        Schedulers.require(kind);
        // each job writes the scheduler job it runs in: empty outside any scheduler
        RunFixture f = fixtures.pipeline(RunFixture.workStep("echo \"job=%s\" > {outputs.out}\n".formatted(Schedulers.JOB_ID)) + """
                summary:
                  scope: global
                  inputs:
                    all: {from: work.out}
                  outputs:
                    table: summary.txt
                  command: sh -c 'cat {inputs.all} > {outputs.table}; echo "job=%s" >> {outputs.table}'
                  executor: local
                """.formatted(Schedulers.JOB_ID));
        f.experiment("a").experiment("b");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", "l1"));

        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = f.lines("summary.txt");
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("job=\\d+") && lines.get(1).matches("job=\\d+"), "work ran on " + kind + ": " + lines);
        assertEquals("job=", lines.get(2), "summary ran outside the scheduler");
        JsonNode summary = f.job(f.runState("l1"), "summary");
        assertEquals("succeeded", summary.get("status").asText(), summary.toString());
        assertTrue(summary.get("pid").isNumber(), "recorded as a local process: " + summary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void maxSubmitted_limitsJobsInTheQueue(String kind) {
        Schedulers.require(kind);
        // each job records how many of the run's jobs the scheduler holds while it runs
        RunFixture f = fixtures.pipeline(RunFixture.workStep("""
                echo start {exp} >> {root}/events.log
                echo "queued $(%s | grep -c '{run_id}:')" >> {root}/events.log
                echo ok > {outputs.out}
                echo end {exp} >> {root}/events.log
                """.formatted(kind.equals("slurm") ? "squeue -h -o %k" : "qstat -j '*' | grep '^context'")));
        f.experiment("a").experiment("b").experiment("c");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--max-submitted", "1"));

        assertEquals(0, r.exitCode(), r.toString());
        List<String> events = f.lines("events.log");
        assertEquals(1, RunFixture.maxConcurrent(events), events.toString());
        assertEquals(3, events.stream().filter(l -> l.equals("queued 1")).count(), "one job in the queue at a time: " + events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void failingJob_exitCodeFromItsFile_downstreamSkipped(String kind) {
        Schedulers.require(kind);
        RunFixture f = fixtures.pipeline(RunFixture.workStep("""
                if [ {exp} = bad ]; then echo broken >&2; exit 7; fi
                echo ok > {outputs.out}
                """) + """
                after:
                  inputs:
                    in: {from: work.out}
                  outputs:
                    done: done/{exp}.txt
                  command: sh -c 'cp {inputs.in} {outputs.done}'
                """);
        f.experiment("good").experiment("bad");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", "r1"));

        assertEquals(1, r.exitCode(), r.toString());
        JsonNode state = f.runState("r1");
        JsonNode bad = f.job(state, "work[bad]");
        assertEquals("failed", bad.get("status").asText(), bad.toString());
        assertEquals("EXIT_NONZERO", bad.get("reason_code").asText(), bad.toString());
        assertEquals(7, bad.get("exit_code").asInt(), bad.toString());
        assertEquals("7", f.read(".morph/runs/r1/jobs/work/bad.exit").strip(), "the job script wrote its exit code");
        assertTrue(f.read(bad.get("log").asText()).contains("broken"), "the job's stderr reached its log");
        assertEquals("skipped", f.job(state, "after[bad]").get("status").asText());
        assertEquals("succeeded", f.job(state, "after[good]").get("status").asText());
        assertTrue(f.exists("done/good.txt"));
        RunFixture.Result shown = f.morph("runs", "show", "r1");
        List<String> lines = shown.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(lines.stream().distinct().toList(), lines, "runs show prints each line once:\n" + shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void cancelledBehindMorphsBack_isCancelled(String kind) throws IOException {
        BatchSystem batch = Schedulers.require(kind);
        String c1 = Schedulers.runId("c1");
        RunFixture f = fixtures.pipeline(RunFixture.workStep("""
                echo %s > {root}/ids/{exp}
                sleep 300
                echo late > {outputs.out}
                """.formatted(Schedulers.JOB_ID)));
        f.experiment("a").file("ids/.keep", "");
        Process morph = f.morphProcess("m", Schedulers.run(kind, "--run-id", c1));
        f.awaitFile("ids/a", Evidence.PATIENCE_SECONDS);
        String id = f.read("ids/a").strip();

        batch.cancel(List.of(id));

        assertEquals(1, Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m")), f.transcript("m"));
        JsonNode job = f.job(f.runState(c1), "work[a]");
        assertEquals("failed", job.get("status").asText(), job.toString());
        assertEquals("CANCELLED", job.get("reason_code").asText(), job.toString());
        assertTrue(job.get("message").asText().contains(id), job.toString());
        assertTrue(Schedulers.active(kind, c1).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void overTheSchedulersTimeLimit_isSchedulerTimeout(String kind) {
        Schedulers.require(kind);
        // SLURM counts time limits in whole minutes, so this waits about a minute there; Grid Engine takes seconds
        RunFixture f = fixtures.pipeline(RunFixture.workStep("""
                echo start >> {root}/events.log
                sleep 300
                echo late > {outputs.out}
                """) + "  timeout: 2s\n");
        f.experiment("a");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", "t1"));

        assertEquals(1, r.exitCode(), r.toString());
        JsonNode job = f.job(f.runState("t1"), "work[a]");
        assertEquals("SCHEDULER_TIMEOUT", job.get("reason_code").asText(), job.toString());
        assertEquals(List.of("start"), f.lines("events.log"));
        assertTrue(!f.exists("out/a.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void submissionRefused_isSubmitFailedWithTheSchedulersMessage(String kind) {
        Schedulers.require(kind);
        RunFixture f = fixtures.pipeline(RunFixture.workStep("echo ok > {outputs.out}\n") + """
                  executor:
                    slurm: {partition: no_such_partition}
                    sge: {queue: no_such_queue}
                """);
        f.experiment("a");

        RunFixture.Result r = f.morph(Schedulers.run(kind, "--run-id", "s1"));

        assertEquals(1, r.exitCode(), r.toString());
        JsonNode job = f.job(f.runState("s1"), "work[a]");
        assertEquals("SUBMIT_FAILED", job.get("reason_code").asText(), job.toString());
        assertTrue(job.get("message").asText().contains("no_such_"), "the scheduler's own words: " + job);
    }
}
