package dev.morph.cli;

import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.morphIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Lab;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code morph run} prints, through the CLI: the run ID in the banner at the start, failures as they
 * happen, and the end-of-run block — counts in words with codes alongside, each failed job's command, a
 * log path that opens from the working directory and its last lines, and the jobs that never started.
 */
class CliRunOutputTest {
    /** a: per experiment, fails for 'bad' with a message on stderr; b reads a; nothing else. */
    static final String PIPELINE = """
            name: mini
            experiments:
              pattern: raw/{exp}/
            steps:
              a:
                inputs:
                  raw: raw/{exp}/
                outputs:
                  out: a/{exp}.txt
                command: "if [ {exp} = bad ]; then echo 'cannot read raw/bad/data.txt: no such file' >&2; exit 3; fi; echo ok > {outputs.out}"
              b:
                inputs:
                  a: {from: a.out}
                outputs:
                  out: b/{exp}.txt
                command: "cat {inputs.a} > {outputs.out}"
            """;

    @TempDir
    Path tmp;

    private Result run(String... args) {
        Lab.text(tmp.resolve("pipe.yaml"), PIPELINE);
        Lab.file(tmp.resolve("root"), "raw/good/data.txt", Lab.at(1, 10));
        Lab.file(tmp.resolve("root"), "raw/bad/x.txt", Lab.at(1, 10));
        return morphIn(env(tmp), args);
    }

    @Test
    void run_failure_summaryHasCommandLogFromCwdTailAndCountsInWords() {
        Result r = run("run", "-j", "1", "--run-id", "r1");

        assertEquals(1, r.code(), r.out() + r.err());
        List<String> lines = r.outLines();
        assertTrue(lines.get(0).startsWith("Run r1: 4 jobs"), "the run ID first: " + lines.get(0));
        CliFixture.assertLine(r, "\\[\\d/4\\] FAILED a/bad  EXIT_NONZERO: .*");
        CliFixture.assertLine(r, "✗? ?Run r1 failed \\(PARTIAL_SUCCESS\\) after .*");
        CliFixture.assertLine(r, "  2 jobs succeeded · 1 job failed · 1 job skipped");
        CliFixture.assertLine(r, "FAILED a/bad  .*\\(EXIT_NONZERO, exit 3\\)");
        CliFixture.assertLine(r, "    command: sh -c .*exit 3.*");
        String log = "root/.morph/runs/r1/logs/a/bad.log";
        CliFixture.assertLine(r, "    log: " + log);
        assertTrue(Files.isRegularFile(tmp.resolve(log)), "the log path opens from the working directory");
        CliFixture.assertLine(r, "    \\| cannot read raw/bad/data.txt: no such file");
        CliFixture.assertLine(r, "Never started:");
        CliFixture.assertLine(r, "  1 job skipped, .*");
        CliFixture.assertLine(r, "Follow up: morph runs show r1 · morph logs r1 a/bad");
        assertFalse(r.out().contains("ok     a/good"), "no line per finished job without -v");
    }

    @Test
    void run_verbose_aLineForEveryJob() {
        Result r = run("run", "-j", "1", "-v");

        CliFixture.assertLine(r, "\\[\\d/4\\] ok     a/good.*");
        CliFixture.assertLine(r, "\\[\\d/4\\] start  b/good");
    }

    @Test
    void run_onATerminal_liveUnlessTermDumbOrNoColor() {
        Lab.text(tmp.resolve("pipe.yaml"), PIPELINE);
        Lab.file(tmp.resolve("root"), "raw/good/data.txt", Lab.at(1, 10));
        CliEnvironment terminal = CliFixture.env(tmp, java.util.Map.of("LANG", "C.UTF-8"), true).withWidth(() -> 80);
        Result live = morphIn(terminal, "run", "-j", "1", "--run-id", "t1");
        assertTrue(live.out().contains("\u001b[J"), "redrawn in place on a terminal");

        for (java.util.Map<String, String> plain : List.of(java.util.Map.of("TERM", "dumb"), java.util.Map.of("NO_COLOR", "1"))) {
            Result r = morphIn(CliFixture.env(tmp, plain, true).withWidth(() -> 80), "run", "--force", "-j", "1");
            assertEquals(0, r.code(), r.err());
            assertFalse(r.out().contains("\u001b"), plain + ": plain lines, no escape sequences:\n" + r.out());
            assertTrue(r.out().startsWith("Run "), r.out());
        }
    }
}
