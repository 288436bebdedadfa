package dev.morph.plan;

import static dev.morph.plan.Fixture.codes;
import static dev.morph.plan.Fixture.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.artifact.ProbeCache;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The staleness rules of DESIGN.md, scenario by scenario, on Jimfs with explicit mtimes. */
class PlannerTest {

    private static Fixture builtRoot() {
        return new Fixture()
                .built("Keyence", "20250101_k1", 100)
                .built("YX1", "20250202_y1", 100)
                .globals(200)
                .kFor("20250101_k1", 300)
                .kFor("20250202_y1", 300);
    }

    @Test
    void plan_everythingBuiltInOrder_isUpToDate() {
        Plan plan = builtRoot().planAll();
        assertTrue(plan.toRun().isEmpty(), () -> "expected nothing to run, got " + plan.toRun());
        assertEquals(0, plan.count(JobState.BLOCKED));
        assertEquals(JobState.NOT_APPLICABLE, job(plan, "c[20250101_k1]").state());
        assertEquals(JobState.UP_TO_DATE, job(plan, "c[20250202_y1]").state());
    }

    @Test
    void plan_outputMissing_runsJobWithMissingOutput() {
        Plan plan = builtRoot().delete("b/20250101_k1.txt").planAll();
        JobPlan b = job(plan, "b[20250101_k1]");
        assertEquals(JobState.STALE, b.state());
        assertEquals(List.of("MISSING_OUTPUT"), codes(b));
        assertEquals("b/20250101_k1.txt", ((Reason.MissingOutput) b.reasons().get(0)).output());
        assertEquals(JobState.UP_TO_DATE, job(plan, "a[20250101_k1]").state());
    }

    @Test
    void plan_outputOlderThanInput_runsJobWithInputNewerNamingBothPathsAndTimes() {
        Plan plan = builtRoot().file("meta/20250101_k1.csv", 150).planAll();
        JobPlan a = job(plan, "a[20250101_k1]");
        assertEquals(List.of("INPUT_NEWER"), codes(a));
        Reason.InputNewer r = (Reason.InputNewer) a.reasons().get(0);
        assertEquals("meta/20250101_k1.csv", r.input());
        assertEquals(150_000_000_000L, r.inputTime());
        assertEquals("a/20250101_k1/", r.output());
        assertEquals(101_000_000_000L, r.outputTime());
    }

    @Test
    void plan_inputAsOldAsOutput_isUpToDate() {
        Plan plan = builtRoot().file("meta/20250101_k1.csv", 101).planAll();
        assertEquals(JobState.UP_TO_DATE, job(plan, "a[20250101_k1]").state());
    }

    @Test
    void plan_downstreamOfStaleJob_runsWithUpstreamWillRunAndRootCause() {
        Plan plan = builtRoot().file("raw/Keyence/20250101_k1/img1.tif", 150).planAll();
        JobPlan b = job(plan, "b[20250101_k1]");
        assertEquals(List.of("UPSTREAM_WILL_RUN"), codes(b));
        JobPlan k = job(plan, "k[20250101_k1]");
        Reason.UpstreamWillRun viaB = k.reasons().stream().filter(r -> r instanceof Reason.UpstreamWillRun u
                && u.upstream().toString().equals("b[20250101_k1]")).map(r -> (Reason.UpstreamWillRun) r).findFirst().orElseThrow();
        assertEquals(JobId.parse("a[20250101_k1]"), viaB.rootJob());
        assertEquals("INPUT_NEWER", viaB.rootCause().code());
        assertEquals("raw/Keyence/20250101_k1/img1.tif", ((Reason.InputNewer) viaB.rootCause()).input());
        // the global fan-in job runs because an included experiment's job runs; the other experiment is untouched
        assertEquals(JobState.STALE, job(plan, "g").state());
        assertEquals(JobState.UP_TO_DATE, job(plan, "b[20250202_y1]").state());
        // and k of the other experiment runs too: it reads g
        assertEquals(List.of("UPSTREAM_WILL_RUN"), codes(job(plan, "k[20250202_y1]")));
    }

    @Test
    void plan_fileRewrittenInsideOutputDirectory_makesDownstreamStale() {
        // a/<exp>/ is a directory artifact: its mtime is the newest file inside, however deep
        Plan plan = builtRoot().file("a/20250101_k1/sub/ff2.png", 250).planAll();
        JobPlan b = job(plan, "b[20250101_k1]");
        assertEquals(List.of("INPUT_NEWER"), codes(b));
        assertEquals("a/20250101_k1/sub/ff2.png", ((Reason.InputNewer) b.reasons().get(0)).input());
        assertEquals(JobState.UP_TO_DATE, job(plan, "a[20250101_k1]").state());
    }

    @Test
    void plan_emptyOutputDirectory_countsAsMissing() {
        Fixture f = builtRoot().delete("a/20250101_k1/ff1.png").dir("a/20250101_k1/empty/deeper");
        JobPlan a = job(f.planAll(), "a[20250101_k1]");
        assertEquals(List.of("MISSING_OUTPUT"), codes(a));
        assertEquals("a/20250101_k1/", ((Reason.MissingOutput) a.reasons().get(0)).output());
    }

    @Test
    void plan_emptyRawDirectory_blocksTheChain() {
        Fixture f = new Fixture().dir("raw/Keyence/20250303_new").file("meta/20250303_new.csv", 10);
        Plan plan = f.planAll();
        JobPlan a = job(plan, "a[20250303_new]");
        assertEquals(JobState.BLOCKED, a.state());
        assertEquals(List.of("raw/Keyence/20250303_new/"), a.missing());
        JobPlan b = job(plan, "b[20250303_new]");
        assertEquals(JobState.BLOCKED, b.state());
        assertEquals(List.of(JobId.parse("a[20250303_new]")), b.blockedBy());
        assertEquals(List.of("raw/Keyence/20250303_new/"), b.missing());
    }

    @Test
    void plan_missingInputWithMissingOutputs_isBlockedWithPath() {
        Plan plan = builtRoot().file("raw/YX1/20250303_nometa/img.tif", 10).planAll();
        JobPlan a = job(plan, "a[20250303_nometa]");
        assertEquals(JobState.BLOCKED, a.state());
        assertEquals(List.of("meta/20250303_nometa.csv"), a.missing());
        assertTrue(codes(a).contains("MISSING_OUTPUT"));
        for (String step : List.of("b", "c", "k")) {
            assertEquals(JobState.BLOCKED, job(plan, step + "[20250303_nometa]").state(), step);
        }
    }

    @Test
    void plan_blockedExperiment_doesNotBlockFanInAndIsLeftOut() {
        Plan plan = builtRoot().file("raw/YX1/20250303_nometa/img.tif", 10).planAll();
        JobPlan g = job(plan, "g");
        assertEquals(JobState.UP_TO_DATE, g.state(), () -> "reasons " + g.reasons());
        FanIn fan = g.fanIns().get(0);
        assertEquals(List.of("20250101_k1", "20250202_y1"), fan.included());
        assertEquals(Map.of("20250303_nometa", new FanIn.Exclusion.Blocked(List.of("meta/20250303_nometa.csv"))), fan.excluded());
        // k reads g (up to date) and b (blocked): blocked through b only
        assertEquals(JobState.BLOCKED, job(plan, "k[20250303_nometa]").state());
        assertEquals(JobState.UP_TO_DATE, job(plan, "k[20250101_k1]").state());
    }

    @Test
    void plan_fanInOnly_experimentWhoseArtifactIsGone_isLeftOutAsMissing() {
        // with --only g, b is not planned: an experiment without b's output is left out, naming the path
        Plan plan = builtRoot().delete("b/20250202_y1.txt").plan(Fixture.only(List.of("g")));
        FanIn fan = job(plan, "g").fanIns().get(0);
        assertEquals(List.of("20250101_k1"), fan.included());
        assertEquals(Map.of("20250202_y1", new FanIn.Exclusion.Missing("b/20250202_y1.txt")), fan.excluded());
    }

    @Test
    void plan_newExperiment_isIncludedInFanInBecauseItsJobWillRun() {
        Plan plan = builtRoot().file("raw/Keyence/20250303_new/img.tif", 10).file("meta/20250303_new.csv", 10).planAll();
        JobPlan g = job(plan, "g");
        assertEquals(JobState.STALE, g.state());
        assertEquals(List.of("20250101_k1", "20250202_y1", "20250303_new"), g.fanIns().get(0).included());
        assertEquals(List.of("UPSTREAM_WILL_RUN"), codes(g));
        assertEquals(JobId.parse("b[20250303_new]"), ((Reason.UpstreamWillRun) g.reasons().get(0)).upstream());
    }

    @Test
    void plan_fanInInputNewerThanGlobalOutput_runsGlobalJob() {
        Plan plan = builtRoot().file("b/20250202_y1.txt", 220).planAll();
        JobPlan g = job(plan, "g");
        assertEquals(List.of("INPUT_NEWER"), codes(g));
        assertEquals("b/20250202_y1.txt", ((Reason.InputNewer) g.reasons().get(0)).input());
        assertEquals(List.of("UPSTREAM_WILL_RUN"), codes(job(plan, "h")));
    }

    @Test
    void plan_upToDateJobWithVanishedInput_staysUpToDateWithNote() {
        Plan plan = builtRoot().delete("raw/Keyence/20250101_k1/img1.tif").dir("raw/Keyence/20250101_k1").planAll();
        JobPlan a = job(plan, "a[20250101_k1]");
        assertEquals(JobState.UP_TO_DATE, a.state());
        assertEquals(List.of("raw/Keyence/20250101_k1/"), a.missing());
        assertTrue(plan.toRun().isEmpty());
    }

    @Test
    void plan_staticGlobalInputMissing_blocksGlobalJobAndItsDependents() {
        Plan plan = builtRoot().delete("ref/stages.csv").delete("h/out.csv").planAll();
        JobPlan h = job(plan, "h");
        assertEquals(JobState.BLOCKED, h.state());
        assertEquals(List.of("ref/stages.csv"), h.missing());
        assertEquals(JobState.UP_TO_DATE, job(plan, "g").state());
    }

    @Test
    void plan_globalJobBlocked_blocksPerExperimentJobsReadingIt() {
        Fixture f = builtRoot().delete("g/all.csv").delete("b/20250101_k1.txt").delete("b/20250202_y1.txt")
                .delete("a/20250101_k1/ff1.png").delete("a/20250202_y1/ff1.png")
                .delete("meta/20250101_k1.csv").delete("meta/20250202_y1.csv");
        Plan plan = f.planAll();
        JobPlan g = job(plan, "g");
        assertEquals(JobState.BLOCKED, g.state());
        assertTrue(g.missing().get(0).contains("from any experiment"), g.missing().toString());
        assertEquals(JobState.BLOCKED, job(plan, "k[20250101_k1]").state());
        assertTrue(job(plan, "k[20250101_k1]").blockedBy().contains(JobId.global("g")));
    }

    @Test
    void plan_whenFilter_makesJobNotApplicableAndNeverRuns() {
        Plan plan = new Fixture().file("raw/Keyence/20250101_k1/x", 1).file("meta/20250101_k1.csv", 1).planAll();
        JobPlan c = job(plan, "c[20250101_k1]");
        assertEquals(JobState.NOT_APPLICABLE, c.state());
        assertTrue(c.reasons().isEmpty());
        assertFalse(plan.toRun().contains(c));
    }

    @Test
    void plan_forcedRun_forcesEveryJobOfTarget() {
        Plan plan = builtRoot().plan(Fixture.forcing(true, List.of()));
        for (JobPlan j : plan.jobs()) {
            if (j.state() != JobState.NOT_APPLICABLE) {
                assertEquals(JobState.STALE, j.state(), j.id().toString());
                assertTrue(codes(j).contains("FORCED"), j.id().toString());
            }
        }
    }

    @Test
    void plan_forceStep_forcesThatStepAndDownstreamRunsByUpstream() {
        Plan plan = builtRoot().plan(Fixture.forcing(false, List.of("b")));
        assertEquals(List.of("FORCED"), codes(job(plan, "b[20250101_k1]")));
        assertEquals(JobState.UP_TO_DATE, job(plan, "a[20250101_k1]").state());
        assertEquals(List.of("UPSTREAM_WILL_RUN"), codes(job(plan, "c[20250202_y1]")));
        assertEquals(List.of("UPSTREAM_WILL_RUN", "UPSTREAM_WILL_RUN"), codes(job(plan, "g")));
        Reason.UpstreamWillRun viaG = (Reason.UpstreamWillRun) job(plan, "h").reasons().get(0);
        assertEquals("FORCED", viaG.rootCause().code());
    }

    @Test
    void plan_forceStepByAlias_resolvesTheAlias() {
        Plan plan = builtRoot().plan(Fixture.forcing(false, List.of("first")));
        assertEquals(List.of("FORCED"), codes(job(plan, "a[20250101_k1]")));
    }

    @Test
    void plan_targetStep_plansItAndItsUpstreamOnly() {
        Plan plan = builtRoot().delete("a/20250101_k1.csv").plan(Fixture.invocation(List.of("b")));
        assertEquals(List.of("a[20250101_k1]", "b[20250101_k1]"), plan.toRun().stream().map(j -> j.id().toString()).toList());
        assertTrue(plan.job(JobId.global("g")).isEmpty());
        assertTrue(plan.job(JobId.parse("c[20250202_y1]")).isEmpty());
    }

    @Test
    void plan_only_plansJustTheNamedStepAndTreatsUpstreamOutputsAsFiles() {
        Plan plan = builtRoot().file("meta/20250101_k1.csv", 150).plan(Fixture.only(List.of("b")));
        assertTrue(plan.job(JobId.parse("a[20250101_k1]")).isEmpty());
        assertEquals(JobState.UP_TO_DATE, job(plan, "b[20250101_k1]").state());
        Plan missing = builtRoot().delete("a/20250101_k1/ff1.png").delete("b/20250101_k1.txt").plan(Fixture.only(List.of("b")));
        JobPlan b = job(missing, "b[20250101_k1]");
        assertEquals(JobState.BLOCKED, b.state());
        assertEquals(List.of("a/20250101_k1/"), b.missing());
    }

    @Test
    void plan_selectionByName_plansOnlyThoseExperimentsButGlobalSeesAll() {
        Fixture f = builtRoot().file("raw/Keyence/20250101_k1/img1.tif", 150).file("raw/YX1/20250202_y1/img1.tif", 150);
        Plan plan = f.plan(Fixture.selecting(List.of("20250202_y1"), null, null));
        assertTrue(plan.job(JobId.parse("a[20250101_k1]")).isEmpty());
        assertEquals(JobState.STALE, job(plan, "a[20250202_y1]").state());
        JobPlan g = job(plan, "g");
        assertEquals(List.of("20250101_k1", "20250202_y1"), g.fanIns().get(0).included());
        assertEquals(1, g.reasons().size(), g.reasons().toString());
    }

    @Test
    void plan_selectionByDates_isStrictlyBetween() {
        Fixture f = builtRoot().built("Keyence", "20250303_k2", 100).built("YX1", "20250404_y2", 100)
                .kFor("20250303_k2", 300).kFor("20250404_y2", 300).file("raw/Keyence/undated_exp/x", 1);
        Plan plan = f.plan(Fixture.selecting(List.of(), "20250202", "20250404"));
        List<String> exps = plan.jobs().stream().filter(j -> j.id().step().equals("a")).map(j -> j.id().experiment()).toList();
        assertEquals(List.of("20250303_k2"), exps);
    }

    @Test
    void plan_unknownExperiment_isUsageErrorWithSuggestion() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.morph.MorphException.class,
                () -> builtRoot().plan(Fixture.selecting(List.of("20250101_k2"), null, null)));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("unknown experiment '20250101_k2', did you mean '20250101_k1'"), e.getMessage());
    }

    @Test
    void plan_paramOverride_changesOutputPathAndRunsJob() {
        Plan plan = builtRoot().plan(Fixture.withParams(java.util.Map.of("model", "m2")));
        JobPlan c = job(plan, "c[20250202_y1]");
        assertEquals(List.of("MISSING_OUTPUT"), codes(c));
        assertEquals("c/m2/20250202_y1.txt", ((Reason.MissingOutput) c.reasons().get(0)).output());
        assertEquals(java.util.Map.of("model", "m2"), c.job().params());
    }

    @Test
    void plan_ignoredExperimentDirectories_areNotDiscovered() {
        Plan plan = builtRoot().file("raw/Keyence/_archive/x", 1).file("raw/YX1/.hidden/x", 1)
                .file("raw/YX1/IGNORE_me/x", 1).file("raw/YX1/notadir", 1).planAll();
        List<String> exps = plan.jobs().stream().filter(j -> j.id().step().equals("a")).map(j -> j.id().experiment()).toList();
        assertEquals(List.of("20250101_k1", "20250202_y1"), exps);
    }

    @Test
    void plan_eachArtifactProbedOnce() {
        Fixture f = builtRoot();
        f.planAll();
        long probes = ((ProbeCache) f.lastProbe).probes();
        // distinct artifacts: per experiment raw, meta, a-dir, a-csv, b, k (+ c for YX1); globals g, h, ref
        assertEquals(2 * 6 + 1 + 3, probes);
    }

    @Test
    void plan_jobsComeInDependencyOrder() {
        Plan plan = new Fixture().file("raw/YX1/20250101_y/x", 1).file("meta/20250101_y.csv", 1).file("ref/stages.csv", 1).planAll();
        List<String> order = plan.toRun().stream().map(j -> j.id().toString()).toList();
        assertEquals(List.of("a[20250101_y]", "b[20250101_y]", "c[20250101_y]", "g", "h", "k[20250101_y]"), order);
        for (var e : plan.dag().edgeSet()) {
            assertTrue(order.indexOf(plan.dag().getEdgeSource(e).toString()) < order.indexOf(plan.dag().getEdgeTarget(e).toString()));
        }
    }
}
