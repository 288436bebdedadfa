package dev.morph.app;

import dev.morph.artifact.Artifact;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import dev.morph.discover.Workspace;
import dev.morph.journal.JobRecord;
import dev.morph.journal.Journal;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Source;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code report} and {@code serve} use case: what {@code status} shows, each job's inputs and outputs
 * as the disk has them now and its last execution (with the tail of its log), and the recent runs. Reads
 * only: runs whose morph died are shown {@code failed} without writing their records back.
 */
public final class ReportService {
    /** How much of a job's log the report carries: enough to see why it failed, small at 10⁴ jobs. */
    static final int TAIL_LINES = 5;
    static final int TAIL_BYTES = 400;

    private final Project project;

    public ReportService(Project project) {
        this.project = project;
    }

    /** Everything the report shows for {@code invocation}, with at most {@code runs} recent runs. */
    public Report report(Invocation invocation, int runs) {
        StatusService.Status status = new StatusService(project).status(invocation);
        Workspace ws = status.workspace();
        StateLayout layout = Project.layout(ws);
        Journal journal = Project.journal(ws);
        Map<JobId, JobFacts> facts = new LinkedHashMap<>();
        try (ArtifactProbe probe = ws.probe()) {
            for (JobPlan j : status.plan().jobs()) {
                facts.put(j.id(), facts(j, probe, journal.read(j.id()), layout));
            }
        }
        List<String> warnings = new ArrayList<>(status.warnings());
        warnings.addAll(journal.warnings());
        return new Report(status, facts, recentRuns(ws, runs, warnings), warnings);
    }

    /** The recent runs as their records stand, newest first; nothing is written back. */
    public List<RunState> recentRuns(int limit) {
        return recentRuns(project.open(), limit, new ArrayList<>());
    }

    private List<RunState> recentRuns(Workspace ws, int limit, List<String> warnings) {
        RunStore store = project.runs(ws);
        List<RunState> all = store.list();
        warnings.addAll(store.warnings());
        return all.subList(0, Math.min(limit, all.size())).stream().map(store::reconciled).toList();
    }

    private static JobFacts facts(JobPlan j, ArtifactProbe probe, Optional<JobRecord> last, StateLayout layout) {
        List<Seen> inputs = new ArrayList<>();
        j.job().inputs().forEach(in -> in.sources().forEach(s -> inputs.add(seen(in.name(), s, probe))));
        List<Seen> outputs = j.job().outputs().stream().map(a -> new Seen(null, a.display(), null, probe.observe(a))).toList();
        List<String> tail = last.map(r -> tail(layout.log(r.attempt().runId(), j.id().step(), j.id().experiment()))).orElse(List.of());
        return new JobFacts(inputs, outputs, last, tail);
    }

    private static Seen seen(String name, Source s, ArtifactProbe probe) {
        Artifact a = s.artifact();
        return new Seen(name, a.display(), s.experiment(), probe.observe(a));
    }

    /** The last {@link #TAIL_LINES} lines of a log, at most {@link #TAIL_BYTES} bytes of it; none when it is absent. */
    static List<String> tail(Path log) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            List<String> lines = Arrays.asList(new String(buf, StandardCharsets.UTF_8).split("\n"));
            return List.copyOf(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    /**
     * The report's data: the status (matrix, global jobs, plan), what each planned job reads and writes
     * and its last execution, recent runs newest first, and warnings for the user.
     */
    public record Report(StatusService.Status status, Map<JobId, JobFacts> jobs, List<RunState> runs, List<String> warnings) {
    }

    /** A job's artifacts as probed now, its last execution in the journal, and the tail of that execution's log. */
    public record JobFacts(List<Seen> inputs, List<Seen> outputs, Optional<JobRecord> last, List<String> logTail) {
    }

    /** One artifact a job reads ({@code input} names the input, {@code experiment} a fan-in's) or writes, as the disk has it. */
    public record Seen(String input, String path, String experiment, Observation observation) {
    }
}
