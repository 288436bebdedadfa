package dev.morph.plan;

import static dev.morph.plan.Fixture.codes;
import static dev.morph.plan.Fixture.job;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.pipeline.RerunTrigger;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The journal's staleness rules as the planner applies them, each under its rerun trigger, with a fake
 * history of last executions on a Jimfs root (times in seconds, as the fixture writes them).
 */
class PlannerJournalTest {
    private static final long S = 1_000_000_000L;
    private static final String K1 = "20250101_k1";
    private static final String Y1 = "20250202_y1";

    /** Both experiments built at 100, the globals at 200 (ref at 0), k at 300. */
    private static Fixture builtRoot() {
        return new Fixture().built("Keyence", K1, 100).built("YX1", Y1, 100).globals(200).kFor(K1, 300).kFor(Y1, 300);
    }

    /** Last executions by job; the others have none. */
    private static final class FakeHistory implements JobHistory {
        final Map<JobId, LastExecution> last = new HashMap<>();

        FakeHistory with(String job, LastExecution execution) {
            last.put(JobId.parse(job), execution);
            return this;
        }

        @Override
        public Optional<LastExecution> last(JobId job) {
            return Optional.ofNullable(last.get(job));
        }
    }

    /** A successful execution that built what the fixture's pipeline builds now, started at {@code started} s. */
    private static LastExecution succeeded(List<String> command, Map<String, String> params, List<String> experiments,
                                           long started, long newestInput) {
        return new LastExecution("succeeded", true, "r1", started * S, newestInput * S, Optional.of(command), Optional.of(params),
                Optional.ofNullable(experiments));
    }

    private static LastExecution aAsBuilt() {
        return succeeded(List.of("tool", "a", "{exp}"), Map.of(), null, 100, 100);
    }

    private static Set<RerunTrigger> allBut(RerunTrigger off) {
        Set<RerunTrigger> on = EnumSet.allOf(RerunTrigger.class);
        on.remove(off);
        return on;
    }

    @Test
    void plan_lastExecutionAsBuilt_isUpToDate() {
        FakeHistory history = new FakeHistory().with("a[" + K1 + "]", aAsBuilt())
                .with("g", succeeded(List.of("tool", "g", "{inputs.bs}"), Map.of(), List.of(K1, Y1), 150, 102));
        Plan plan = builtRoot().plan(Fixture.invocation(List.of("e2e")), history);
        assertEquals(List.of(), plan.toRun());
    }

    @Test
    void plan_lastExecutionFailed_isIncompleteAndNothingElseFromTheJournal() {
        // a failed record also holds another command: only INCOMPLETE is reported for it
        LastExecution failed = new LastExecution("failed", false, "r7", 100 * S, 100 * S, Optional.of(List.of("old")),
                Optional.of(Map.of()), Optional.empty());
        FakeHistory history = new FakeHistory().with("a[" + K1 + "]", failed);
        Plan plan = builtRoot().plan(Fixture.invocation(List.of("e2e")), history);
        JobPlan a = job(plan, "a[" + K1 + "]");
        assertEquals(List.of(new Reason.Incomplete("failed", "r7")), a.reasons());
        assertEquals(JobId.parse("a[" + K1 + "]"), a.rootJob());
        assertEquals(List.of("UPSTREAM_WILL_RUN"), codes(job(plan, "b[" + K1 + "]")));

        Plan off = builtRoot().plan(Fixture.withTriggers(allBut(RerunTrigger.INCOMPLETE)), history);
        assertEquals(List.of(), off.toRun());
    }

    @Test
    void plan_commandTemplateChanged_isCommandChangedWithBothTemplates() {
        FakeHistory history = new FakeHistory().with("a[" + K1 + "]",
                succeeded(List.of("tool", "a", "--old", "{exp}"), Map.of(), null, 100, 100));
        Plan plan = builtRoot().plan(Fixture.invocation(List.of("e2e")), history);
        assertEquals(List.of(new Reason.CommandChanged(List.of("tool", "a", "--old", "{exp}"), List.of("tool", "a", "{exp}"))),
                job(plan, "a[" + K1 + "]").reasons());

        assertEquals(List.of(), builtRoot().plan(Fixture.withTriggers(allBut(RerunTrigger.COMMAND)), history).toRun());
    }

    @Test
    void plan_recordWithoutCommandTemplate_isNotCommandChanged() {
        LastExecution noTemplate = new LastExecution("succeeded", true, "r1", 100 * S, 100 * S, Optional.empty(),
                Optional.of(Map.of()), Optional.empty());
        Plan plan = builtRoot().plan(Fixture.invocation(List.of("e2e")), new FakeHistory().with("a[" + K1 + "]", noTemplate));
        assertEquals(List.of(), plan.toRun());
    }

    @Test
    void plan_paramValueChanged_isParamsChangedNamingBothValues() {
        // c reads params.model (m1 now); its last execution used m0
        FakeHistory history = new FakeHistory().with("c[" + Y1 + "]",
                succeeded(List.of("tool", "c", "{params.model}"), Map.of("model", "m0"), null, 102, 102));
        Plan plan = builtRoot().plan(Fixture.invocation(List.of("e2e")), history);
        assertEquals(List.of(new Reason.ParamsChanged("model", "m0", "m1")), job(plan, "c[" + Y1 + "]").reasons());

        assertEquals(List.of(), builtRoot().plan(Fixture.withTriggers(allBut(RerunTrigger.PARAMS)), history).toRun());
    }

    @Test
    void plan_untrackedParamChanged_isNotStale() {
        // a knob such as the demo's delay changes how a job runs, never what it makes
        FakeHistory history = new FakeHistory().with("c[" + Y1 + "]",
                succeeded(List.of("tool", "c", "{params.model}"), Map.of("model", "m0"), null, 102, 102));
        String untracked = Fixture.PIPELINE.replace("steps:\n", "untracked_params: [model]\nsteps:\n");
        Fixture root = new Fixture(untracked).built("Keyence", K1, 100).built("YX1", Y1, 100).globals(200).kFor(K1, 300).kFor(Y1, 300);
        assertEquals(List.of(), root.plan(Fixture.invocation(List.of("e2e")), history).toRun());
    }

    @Test
    void plan_paramTheRecordLacks_isParamsChangedFromNothing() {
        FakeHistory history = new FakeHistory().with("c[" + Y1 + "]",
                succeeded(List.of("tool", "c", "{params.model}"), Map.of(), null, 102, 102));
        Plan plan = builtRoot().plan(Fixture.invocation(List.of("e2e")), history);
        assertEquals(List.of(new Reason.ParamsChanged("model", null, "m1")), job(plan, "c[" + Y1 + "]").reasons());
    }

    @Test
    void plan_fanInReadsOtherExperiments_isExperimentSetChangedNamingAddedAndRemoved() {
        // g was built from k1 and an experiment since removed; y1 is new to it
        FakeHistory history = new FakeHistory().with("g",
                succeeded(List.of("tool", "g", "{inputs.bs}"), Map.of(), List.of(K1, "20250105_gone"), 150, 102));
        Plan plan = builtRoot().plan(Fixture.invocation(List.of("e2e")), history);
        assertEquals(List.of(new Reason.ExperimentSetChanged(List.of(Y1), List.of("20250105_gone"))), job(plan, "g").reasons());
        assertEquals(List.of("UPSTREAM_WILL_RUN"), codes(job(plan, "h")));

        assertEquals(List.of(), builtRoot().plan(Fixture.withTriggers(allBut(RerunTrigger.EXPERIMENTS)), history).toRun());
    }

    @Test
    void plan_inputChangedWhileTheJobRan_isInputChangedDuringBuild() {
        // a[k1] started at 100 when its newest input was at 100; meta changed at 101, when the outputs were written
        Fixture f = builtRoot().file("meta/" + K1 + ".csv", 101);
        FakeHistory history = new FakeHistory().with("a[" + K1 + "]", aAsBuilt());
        Plan plan = f.plan(Fixture.invocation(List.of("e2e")), history);
        assertEquals(List.of(new Reason.InputChangedDuringBuild("meta/" + K1 + ".csv", 101 * S, 100 * S)),
                job(plan, "a[" + K1 + "]").reasons());

        assertEquals(List.of(), builtRoot().file("meta/" + K1 + ".csv", 101)
                .plan(Fixture.withTriggers(allBut(RerunTrigger.MTIME)), history).toRun());
    }

    @Test
    void plan_inputNewerThanTheOutputs_isInputNewerNotInputChangedDuringBuild() {
        Fixture f = builtRoot().file("meta/" + K1 + ".csv", 150);
        FakeHistory history = new FakeHistory().with("a[" + K1 + "]", aAsBuilt());
        assertEquals(List.of("INPUT_NEWER"), codes(job(f.plan(Fixture.invocation(List.of("e2e")), history), "a[" + K1 + "]")));
    }

    @Test
    void plan_fanInInputChangedWhileTheJobRan_countsOnlyIncludedExperiments() {
        // b[y1]'s output changed at 201 while g ran from 200 (outputs at 201): g reads y1, so it counts
        Fixture f = builtRoot().file("b/" + Y1 + ".txt", 201).file("g/all.csv", 201).file("h/out.csv", 202);
        FakeHistory history = new FakeHistory().with("g",
                succeeded(List.of("tool", "g", "{inputs.bs}"), Map.of(), List.of(K1, Y1), 200, 102));
        Plan plan = f.plan(Fixture.invocation(List.of("e2e")), history);
        assertEquals(List.of(new Reason.InputChangedDuringBuild("b/" + Y1 + ".txt", 201 * S, 200 * S)), job(plan, "g").reasons());
    }

    @Test
    void plan_fanInInputChangedWhileTheJobRan_ignoresExperimentsLeftOut() {
        // with --only q, e2 is left out (its y is missing); its x changed while q ran, which does not count for q
        Fixture f = new Fixture("""
                experiments:
                  pattern: raw/{exp}/
                steps:
                  p:
                    inputs:
                      raw: raw/{exp}/
                    outputs:
                      x: p/{exp}.x
                      y: p/{exp}.y
                    command: [tool, p]
                  q:
                    scope: global
                    inputs:
                      ps: {from: p}
                    outputs:
                      all: q/all.csv
                    command: [tool, q]
                """).file("raw/e1/f", 100).file("p/e1.x", 101).file("p/e1.y", 101)
                .file("raw/e2/f", 100).file("p/e2.x", 201).file("q/all.csv", 202);
        FakeHistory history = new FakeHistory().with("q", succeeded(List.of("tool", "q"), Map.of(), List.of("e1"), 200, 101));
        Plan plan = f.plan(Fixture.only(List.of("q")), history);
        JobPlan q = job(plan, "q");
        assertEquals(Map.of("e2", new FanIn.Exclusion.Missing("p/e2.y")), q.fanIns().get(0).excluded());
        assertEquals(List.of(), q.reasons());
    }

    @Test
    void plan_noTriggers_noJournalReasonsButFileRulesStillApply() {
        LastExecution failed = new LastExecution("interrupted", false, null, 100 * S, 100 * S, Optional.empty(), Optional.empty(),
                Optional.empty());
        Fixture f = builtRoot().delete("b/" + K1 + ".txt");
        Plan plan = f.plan(Fixture.withTriggers(Set.of()), new FakeHistory().with("a[" + K1 + "]", failed));
        assertEquals(List.of(), job(plan, "a[" + K1 + "]").reasons());
        assertEquals(List.of("MISSING_OUTPUT"), codes(job(plan, "b[" + K1 + "]")));
    }

    @Test
    void plan_reasonsInRuleOrder_fileRulesThenForceThenJournalThenUpstream() {
        // b[k1]: its output is older than a new image of a (INPUT_NEWER), forced, its command changed, and a runs
        Fixture f = builtRoot().file("a/" + K1 + "/ff2.png", 150);
        FakeHistory history = new FakeHistory().with("b[" + K1 + "]",
                succeeded(List.of("tool", "b", "--old"), Map.of(), null, 101, 101));
        Plan plan = f.plan(new dev.morph.app.Invocation(List.of("e2e"), false, dev.morph.discover.Selection.ALL, false,
                List.of("b"), Map.of(), null), history);
        assertEquals(List.of("INPUT_NEWER", "FORCED", "COMMAND_CHANGED"), codes(job(plan, "b[" + K1 + "]")));
    }
}
