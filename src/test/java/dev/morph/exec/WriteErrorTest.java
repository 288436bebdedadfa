package dev.morph.exec;

import dev.morph.Missing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unwritable data root and a full disk: a clear one-line error with {@code SYS_WRITE_ERROR} and exit
 * code 3, no stack trace, the run's state left consistent (state.json still valid JSON, no temp files),
 * and the job whose success could not be recorded reruns ({@code INCOMPLETE}) once there is space again.
 * The disk-full cases put the data root on a small tmpfs: they need root and {@code mount}; elsewhere
 * they are skipped, except under {@code CI=true}, where they must run.
 */
class WriteErrorTest {
    private static final String SIMPLE = RunFixture.workStep("""
            echo start {exp} $$ >> {root}/events.log
            echo built > {outputs.out}
            """);

    /** Writes its output, then (the first time only) fills the disk, ignoring dd's error; exits 0. */
    private static final String FILLS_DISK = RunFixture.workStep("""
            echo start {exp} $$ >> {root}/events.log
            echo built > {outputs.out}
            if [ ! -e {root}/filled-once ]; then
              touch {root}/filled-once
              dd if=/dev/zero of={root}/filler bs=4k 2>/dev/null
            fi
            true
            """);

    @TempDir
    Path tmp;

    private Path mounted;
    private Process morph;

    @AfterEach
    void unmount() throws Exception {
        if (morph != null && morph.isAlive()) {
            morph.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (mounted != null) {
            if (run("umount", mounted.toString()) != 0 && run("umount", "-l", mounted.toString()) != 0) {
                fail("could not unmount the test tmpfs at " + mounted);
            }
            mounted = null;
        }
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Mounts a 512k tmpfs on the fixture's (still empty) data root, or skips the test (fails under CI=true). */
    private void smallDisk(RunFixture f) {
        String why = null;
        String uid = "";
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            id.waitFor();
        } catch (IOException | InterruptedException e) {
            why = "cannot run 'id -u': " + e;
        }
        if (why == null && !uid.equals("0")) {
            why = "not running as root (uid " + uid + ")";
        }
        if (why == null && run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", f.root.toString()) != 0) {
            why = "'mount -t tmpfs -o size=512k tmpfs " + f.root + "' failed";
        }
        if (why != null) {
            Missing.component("the disk-full test", "it needs root and a tmpfs mount: " + why);
        }
        mounted = f.root;
    }

    /** Exit 3, and stderr is exactly one line: "morph: error: …SYS_WRITE_ERROR…"; no stack trace anywhere. */
    private static void assertOneLineWriteError(RunFixture f, String name, int exit) {
        String err = Evidence.text(f.dir.resolve(name + ".err"));
        String out = Evidence.text(f.dir.resolve(name + ".out"));
        assertEquals(3, exit, () -> f.transcript(name));
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), () -> "one line on stderr:\n" + f.transcript(name));
        assertTrue(lines.get(0).startsWith("morph: error:"), () -> f.transcript(name));
        assertTrue(lines.get(0).contains("SYS_WRITE_ERROR"), () -> f.transcript(name));
        for (String text : List.of(out, err)) {
            assertFalse(text.contains("Exception") || text.lines().anyMatch(l -> l.startsWith("\tat ")),
                    () -> "no stack trace:\n" + f.transcript(name));
        }
    }

    @Test
    void unwritableDataRoot_exits3WithOneLineSysWriteError_andRunsNothing() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(SIMPLE));
        f.experiment("e1").file(".morph", "a regular file where morph's state directory should be\n");

        morph = f.morphProcess("m", "run");
        int exit = Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m"));

        assertOneLineWriteError(f, "m", exit);
        assertFalse(f.exists("out/e1.txt"), "no job output");
        assertFalse(f.exists("events.log"), "no job ran");
        assertTrue(Files.isRegularFile(f.root.resolve(".morph")), "the file in morph's way is left alone");
    }

    @Test
    void diskFullWhileRecordingAJob_exits3WithSysWriteError_leavesStateConsistent_andTheJobRerunsLater() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(FILLS_DISK));
        smallDisk(f);
        f.experiment("e1");

        morph = f.morphProcess("m", "run", "-j", "1", "--run-id", "full");
        int exit = Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m"));

        assertTrue(f.exists("filler"), "the job filled the disk");
        assertEquals(3, exit, () -> f.transcript("m"));
        String said = Evidence.text(f.dir.resolve("m.out")) + Evidence.text(f.dir.resolve("m.err"));
        assertTrue(said.contains("SYS_WRITE_ERROR"), () -> f.transcript("m"));
        assertTrue(said.toLowerCase().contains("no space left") || said.toLowerCase().contains("disk full"),
                () -> "a clear error that says the disk is full:\n" + f.transcript("m"));
        assertFalse(said.lines().anyMatch(l -> l.startsWith("\tat ")), () -> "no stack trace:\n" + f.transcript("m"));
        JsonNode last = f.runState("full");
        assertTrue(last.isObject() && last.has("status") && last.has("jobs"), last::toPrettyString);
        assertEquals(List.of(), Evidence.tempFiles(f.root.resolve(".morph")), "no temp files left behind");

        Files.delete(f.root.resolve("filler"));
        JsonNode plan = f.planJson();
        assertTrue(RunFixture.reasonCodes(plan, "work[e1]").contains("INCOMPLETE"),
                () -> "the job whose success was never recorded must rerun: " + plan.toPrettyString());
        JsonNode reconciled = RunFixture.JSON.readTree(f.morph("runs", "show", "full", "--format", "json").out());
        assertFalse(reconciled.path("status").asText().equals("in-progress") || reconciled.path("status").asText().equals("completed"),
                () -> "the run that could not record its end is not in progress and did not complete: " + reconciled.toPrettyString());

        RunFixture.Result again = f.morph("run", "--run-id", "again");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals("completed", f.runState("again").path("status").asText());
        assertEquals(2, Evidence.count(f.lines("events.log"), "start e1"), () -> String.join("\n", f.lines("events.log")));
        assertEquals(0, f.planJson().get("jobs").size(), "up to date after the rerun");
        assertEquals(List.of(), Evidence.tempFiles(f.root.resolve(".morph")));
    }

    @Test
    void diskAlreadyFull_exits3WithOneLineSysWriteError_andStartsNoJob() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(SIMPLE));
        smallDisk(f);
        f.experiment("e1");
        run("dd", "if=/dev/zero", "of=" + f.root.resolve("filler"), "bs=4k");

        morph = f.morphProcess("m", "run", "--run-id", "nospace");
        int exit = Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m"));

        assertOneLineWriteError(f, "m", exit);
        assertFalse(f.exists("out/e1.txt"), "no job output");
        assertFalse(f.exists(".morph/journal/exp/work/e1.json"), "no job started");
        if (Files.isDirectory(f.root.resolve(".morph"))) {
            assertEquals(List.of(), Evidence.tempFiles(f.root.resolve(".morph")), "no temp files left behind");
        }

        Files.delete(f.root.resolve("filler"));
        List<String> args = new ArrayList<>(List.of("run", "--run-id", "later"));
        RunFixture.Result later = f.morph(args.toArray(String[]::new));
        assertEquals(0, later.exitCode(), later::toString);
        assertTrue(f.exists("out/e1.txt"));
    }
}
