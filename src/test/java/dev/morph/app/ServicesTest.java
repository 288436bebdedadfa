package dev.morph.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.ExitCodes;
import dev.morph.MorphException;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.run.JobStatus;
import dev.morph.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The use cases the CLI, the report and the dashboard share, called directly: what each returns for a
 * small lab, before and after a real run, and the usage errors each raises.
 */
class ServicesTest {
    @TempDir
    Path tmp;

    @Test
    void status_beforeAnyRun_everyCellIsMissing_andNothingRunsOrFailed() throws IOException {
        AppFixture lab = new AppFixture(tmp);
        var status = new StatusService(lab.project).status(Invocation.status(Experiments.ALL));

        assertEquals(List.of(AppFixture.A, AppFixture.B), status.view().rows().stream().map(r -> r.experiment().name()).toList());
        status.view().rows().forEach(r -> assertEquals(Cell.MISSING, r.cells().get("prep")));
        assertEquals(List.of("combine"), status.view().globals().stream().map(j -> j.id().step()).toList());
        assertEquals(List.of(), status.running());
        assertEquals(List.of(), status.failed());
        assertTrue(Files.notExists(lab.root.resolve(".morph")), "status wrote under the data root");
    }

    @Test
    void status_selection_narrowsTheRows() throws IOException {
        AppFixture lab = new AppFixture(tmp);
        var status = new StatusService(lab.project).status(Invocation.status(new Experiments(List.of(AppFixture.B), null, null)));
        assertEquals(List.of(AppFixture.B), status.view().rows().stream().map(r -> r.experiment().name()).toList());
    }

    @Test
    void plan_namesEveryJobToRun_inDependencyOrder() throws IOException {
        AppFixture lab = new AppFixture(tmp);
        var planned = new PlanService(lab.project).plan(AppFixture.everything());
        assertEquals(List.of("prep[" + AppFixture.A + "]", "prep[" + AppFixture.B + "]", "combine"),
                planned.plan().toRun().stream().map(JobPlan::id).map(JobId::toString).toList());
        assertEquals(List.of(), planned.warnings());
    }

    @Test
    void run_thenStatus_isUpToDate_andTheRunIsInItsHistoryWithItsLogs() throws Exception {
        AppFixture lab = new AppFixture(tmp);
        var result = new RunService(lab.project).run(AppFixture.run(AppFixture.everything(), "r1", null, true), AppFixture.QUIET);

        assertEquals(ExitCodes.OK, result.exitCode());
        assertEquals(RunStatus.COMPLETED, result.state().status());
        assertEquals("a", Files.readString(lab.root.resolve("prep/" + AppFixture.A + ".txt")));
        assertEquals("ab", Files.readString(lab.root.resolve("all.txt")));
        var status = new StatusService(lab.project).status(Invocation.status(Experiments.ALL));
        status.view().rows().forEach(r -> assertEquals(Cell.UP_TO_DATE, r.cells().get("prep")));
        assertEquals(Cell.UP_TO_DATE, status.cell(status.view().globals().get(0)));

        var history = new RunHistory(lab.project).recent(5);
        assertEquals(List.of("r1"), history.runs().stream().map(r -> r.runId()).toList());
        assertEquals(RunStatus.COMPLETED, new RunHistory(lab.project).show("r1").run().status());
        var logs = new LogService(lab.project).jobs("r1");
        assertEquals(3, logs.size());
        logs.forEach(l -> assertEquals(JobStatus.SUCCEEDED, l.status()));
        logs.forEach(l -> assertTrue(Files.exists(l.log()), l.toString()));
    }

    @Test
    void logs_copiesAJobsLog_andNamesTheJobsOfARunWhenOneIsUnknown() throws Exception {
        AppFixture lab = new AppFixture(tmp);
        lab.write("raw/" + AppFixture.A + "/img.txt", "a", 100);
        new RunService(lab.project).run(AppFixture.run(AppFixture.everything(), "r1", null, true), AppFixture.QUIET);
        Path log = lab.root.resolve(".morph/runs/r1/logs/prep/" + AppFixture.A + ".log");
        Files.writeString(log, "hello from prep\n");

        StringBuilder copied = new StringBuilder();
        new LogService(lab.project).copy("r1", "prep[" + AppFixture.A + "]", false, copied::append);
        assertEquals("hello from prep\n", copied.toString());
        MorphException unknown = assertThrows(MorphException.class,
                () -> new LogService(lab.project).copy("r1", "prep[20250101_x]", false, copied::append));
        assertTrue(unknown.getMessage().contains("has no job 'prep[20250101_x]', did you mean 'prep/20250101_a'"), unknown.getMessage());
    }

    @Test
    void resume_repeatsTheRunsInvocation_andRefusesANewOne() throws Exception {
        AppFixture lab = new AppFixture(tmp);
        Invocation onlyB = Invocation.of(List.of("prep"), false, new Experiments(List.of(AppFixture.B), null, null), false, List.of(),
                Map.of(), null);
        new RunService(lab.project).run(AppFixture.run(onlyB, "r1", null, true), AppFixture.QUIET);
        lab.write("raw/" + AppFixture.B + "/img.txt", "b2", 4_000_000_000L);

        var again = new RunService(lab.project).dryRun(AppFixture.run(AppFixture.everything(), null, "r1", false));
        assertEquals(List.of("prep[" + AppFixture.B + "]"), again.plan().toRun().stream().map(j -> j.id().toString()).toList());

        MorphException given = assertThrows(MorphException.class,
                () -> new RunService(lab.project).dryRun(AppFixture.run(AppFixture.everything(), null, "r1", true)));
        assertEquals(ExitCodes.USAGE, given.exitCode());
        assertTrue(given.getMessage().startsWith("--resume repeats that run's targets"), given.getMessage());
    }

    @Test
    void unknownRun_isAUsageErrorNamingCloseMatches() throws Exception {
        AppFixture lab = new AppFixture(tmp);
        new RunService(lab.project).run(AppFixture.run(AppFixture.everything(), "nightly-1", null, true), AppFixture.QUIET);

        MorphException e = assertThrows(MorphException.class, () -> new RunHistory(lab.project).show("nightly-2"));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("no run 'nightly-2', did you mean 'nightly-1'"), e.getMessage());
        assertThrows(MorphException.class, () -> new RunService(lab.project).dryRun(AppFixture.run(AppFixture.everything(), null, "nightly-2", false)));
    }

    @Test
    void badExecutionOptions_areUsageErrors_beforeAnythingIsWritten() throws IOException {
        AppFixture lab = new AppFixture(tmp);
        RunRequest noSlots = new RunRequest(AppFixture.everything(), true,
                new RunRequest.Execution(0, null, false, 0, null, "1s", null, 100, 10, "2s", "1s"), null, null);
        MorphException e = assertThrows(MorphException.class, () -> new RunService(lab.project).run(noSlots, AppFixture.QUIET));
        assertEquals("-j must be at least 1, not 0", e.getMessage());
        RunRequest badGrace = new RunRequest(AppFixture.everything(), true,
                new RunRequest.Execution(1, null, false, 0, null, "soon", null, 100, 10, "2s", "1s"), null, null);
        assertThrows(MorphException.class, () -> new RunService(lab.project).run(badGrace, AppFixture.QUIET));
        assertTrue(Files.notExists(lab.root.resolve(".morph/runs")) || isEmpty(lab.root.resolve(".morph/runs")));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
