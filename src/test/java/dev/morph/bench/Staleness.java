package dev.morph.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Make's rule applied to a {@link BenchGraph}: a job runs when one of its output files is missing, when
 * its newest input file is newer than its oldest output file, or when a job it reads from runs; it is
 * blocked when an input file is missing and no running job makes it. On a root where every file of an
 * artifact has one mtime this is also DESIGN.md's rule for a root morph never touched (no journal): the
 * answer every tool in the benchmark must agree on.
 */
public final class Staleness {
    public enum Verdict { RUN, UP_TO_DATE, BLOCKED }

    private Staleness() {
    }

    /** Every job's verdict, in the graph's (dependency) order. */
    public static Map<String, Verdict> decide(BenchGraph graph, FileTimes times) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (BenchGraph.JobNode job : graph.jobs()) {
            boolean upstreamRuns = job.upstream().stream().anyMatch(u -> verdicts.get(u) == Verdict.RUN);
            boolean blocked = false;
            long newestInput = Long.MIN_VALUE;
            for (BenchGraph.FileSet in : job.inputs()) {
                FileTimes.Times t = times.of(in);
                BenchGraph.JobNode producer = graph.producer(in);
                if (!t.complete() && (producer == null || verdicts.get(producer.id()) != Verdict.RUN)) {
                    blocked = true;
                }
                newestInput = Math.max(newestInput, t.newest());
            }
            boolean missingOutput = false;
            long oldestOutput = Long.MAX_VALUE;
            for (BenchGraph.FileSet out : job.outputs()) {
                FileTimes.Times t = times.of(out);
                missingOutput |= !t.complete();
                oldestOutput = Math.min(oldestOutput, t.oldest());
            }
            boolean run = missingOutput || newestInput > oldestOutput || upstreamRuns;
            verdicts.put(job.id(), blocked && run ? Verdict.BLOCKED : run ? Verdict.RUN : Verdict.UP_TO_DATE);
        }
        return verdicts;
    }

    /** The ids of the jobs that run, in order. */
    public static List<String> toRun(Map<String, Verdict> verdicts) {
        return verdicts.entrySet().stream().filter(e -> e.getValue() == Verdict.RUN).map(Map.Entry::getKey).toList();
    }
}
