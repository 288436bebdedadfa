package dev.morph.cli;

import static dev.morph.cli.CliFixture.assertLine;
import static dev.morph.cli.CliFixture.assertUsageError;
import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.morph;
import static dev.morph.cli.CliFixture.morphIn;
import static dev.morph.cli.CliFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following up on a run: {@code last} and unique prefixes for run IDs, job IDs typed as {@code step/exp}
 * or {@code step:exp}, {@code logs RUN STEP}, and {@code plan}'s readable default.
 */
class CliFollowUpTest {
    @TempDir
    Path tmp;

    private Result twoRuns() {
        Lab.text(tmp.resolve("pipe.yaml"), CliRunOutputTest.PIPELINE);
        Lab.file(tmp.resolve("root"), "raw/good/data.txt", Lab.at(1, 10));
        Lab.file(tmp.resolve("root"), "raw/bad/x.txt", Lab.at(1, 10));
        morphIn(env(tmp), "run", "-j", "1", "--run-id", "nightly-0101");
        return morphIn(env(tmp), "run", "-j", "1", "--run-id", "nightly-0102");
    }

    @Test
    void runsShow_acceptsLastAndAUniquePrefix_andSaysWhenAPrefixIsAmbiguous() {
        twoRuns();
        assertLine(ok(morphIn(env(tmp), "runs", "show", "last")), "Run nightly-0102 .*");
        assertLine(ok(morphIn(env(tmp), "runs", "show", "nightly-0101")), "Run nightly-0101 .*");
        assertLine(ok(morphIn(env(tmp), "runs", "show", "nightly-0101".substring(0, 12))), "Run nightly-0101 .*");
        assertUsageError(morphIn(env(tmp), "runs", "show", "nightly"), "'nightly' starts 2 run IDs", "nightly-0101", "nightly-0102");
        assertUsageError(morphIn(env(tmp), "logs", "nope"), "no run 'nope'", "'last' is the newest");
    }

    @Test
    void logs_jobInEverySpelling_andAStepListsItsJobs() {
        twoRuns();
        for (String spelling : new String[] {"a/bad", "a:bad", "a[bad]"}) {
            Result r = ok(morphIn(env(tmp), "logs", "last", spelling));
            assertTrue(r.out().contains("cannot read raw/bad/data.txt"), spelling + ":\n" + r.out());
        }
        Result step = ok(morphIn(env(tmp), "logs", "nightly-0101", "a"));
        assertLine(step, "a/bad  failed  .*a/bad\\.log");
        assertLine(step, "a/good  .*");
        assertFalse(step.out().contains("b/"), step.out());
        assertUsageError(morphIn(env(tmp), "logs", "last", "a/bda"), "has no job 'a/bda'", "did you mean 'a/bad'");
    }

    @Test
    void logs_notStartedJob_withoutFollowSaysFollowWaits() {
        twoRuns();
        // b/bad was skipped: it never starts, so even -f ends at once
        assertUsageError(morphIn(env(tmp), "logs", "last", "b/bad"), "has no log yet", "-f waits for it");
        assertUsageError(morphIn(env(tmp), "logs", "last", "b/bad", "-f"), "it never started");
    }

    @Test
    void logsFollow_onAJobNotStartedYet_waitsForItThenPrintsItsLog() throws Exception {
        Lab.text(tmp.resolve("pipe.yaml"), """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    inputs:
                      raw: raw/{exp}/
                    outputs:
                      out: a/{exp}.txt
                    command: "while [ -e {root}/hold ]; do sleep 0.02; done; echo a > {outputs.out}"
                  b:
                    inputs:
                      a: {from: a.out}
                    outputs:
                      out: b/{exp}.txt
                    command: "echo hello from b; cat {inputs.a} > {outputs.out}"
                """);
        Lab.file(tmp.resolve("root"), "raw/x/data.txt", Lab.at(1, 10));
        Lab.text(tmp.resolve("root/hold"), "");
        java.util.concurrent.CompletableFuture<Result> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> morphIn(env(tmp), "run", "-j", "1", "--run-id", "held"));
        Path state = tmp.resolve("root/.morph/runs/held/state.json");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!java.nio.file.Files.exists(state) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        java.util.concurrent.CompletableFuture<Result> follow = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> morphIn(env(tmp), "logs", "held", "b/x", "-f"));
        // the follower is waiting: b cannot start while a holds
        assertFalse(java.nio.file.Files.exists(tmp.resolve("root/.morph/runs/held/logs/b/x.log")));
        java.nio.file.Files.delete(tmp.resolve("root/hold"));

        Result r = follow.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hello from b"), r.out());
        assertEquals(0, run.get(60, java.util.concurrent.TimeUnit.SECONDS).code());
    }

    @Test
    void plan_byDefault_aStepTableAndRootCauses_perJobWithExplain() {
        Result r = ok(morph(tmp, "plan"));

        assertLine(r, "STEP\\s+RUN\\s+BLOCKED\\s+UP TO DATE\\s+N/A");
        assertLine(r, "prep\\s+2\\s+·\\s+1\\s+·");
        assertLine(r, "embed\\s+2\\s+1\\s+·\\s+·");
        assertLine(r, "  prep/" + Lab.ONE + "  INPUT_NEWER");
        assertLine(r, "  2 prep jobs .*|  prep/" + Lab.THREE + "  MISSING_OUTPUT");
        assertLine(r, "  embed/" + Lab.THREE + "  missing meta/" + Lab.THREE + "\\.txt");
        assertFalse(r.out().contains("run: tool"), "no commands by default");
        assertTrue(ok(morph(tmp, "plan", "--explain")).out().contains("run: tool prep"));
        assertEquals(ok(morph(tmp, "plan", "--explain")).out(), ok(morph(tmp, "plan", "-v")).out());
    }
}
