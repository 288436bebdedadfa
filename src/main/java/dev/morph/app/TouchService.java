package dev.morph.app;

import dev.morph.ExitCodes;
import dev.morph.MorphException;
import dev.morph.artifact.Artifact;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.Observation;
import dev.morph.discover.Workspace;
import dev.morph.journal.JobRecord;
import dev.morph.journal.Journal;
import dev.morph.journal.JournalHistory;
import dev.morph.plan.CommandRenderer;
import dev.morph.plan.JobId;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import dev.morph.plan.Source;
import dev.morph.run.JobStatus;
import dev.morph.run.Owner;
import dev.morph.run.RunIds;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import dev.morph.store.FsClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code touch} use case (Snakemake's {@code --touch}): marks the outputs of the stale jobs a run
 * would start as up to date without running them — after an {@code rsync} or {@code cp} that did not
 * keep times, say. Each such job's outputs (a directory's or glob's newest file) get one time, no earlier
 * than the file-system clock and any of their inputs, and the journal records the job as built by its
 * current command and params, so no rerun trigger fires either. A job with an output missing cannot be
 * marked, nor can what depends on it; blocked jobs stay blocked. Refused while a run is in progress.
 */
public final class TouchService {
    private final Project project;

    public TouchService(Project project) {
        this.project = project;
    }

    /** The jobs marked up to date (or, with {@code dryRun}, that would be) and those that could not be, with why. */
    public record Touched(String id, List<JobId> marked, Map<JobId, String> left) {
    }

    public Touched touch(Invocation invocation, boolean dryRun) {
        Workspace ws = project.open().requireExperiments();
        RunStore runs = project.runs(ws);
        for (RunState r : runs.list()) {
            if (r.inProgress() && !runs.isLost(r)) {
                throw MorphException.usage("run '" + r.runId() + "' is in progress; touch outputs when it has ended");
            }
        }
        Journal journal = Project.journal(ws);
        Plan plan = invocation.plan(ws, new JournalHistory(journal));
        List<JobPlan> marked = new ArrayList<>();
        Map<JobId, String> left = new TreeMap<>();
        Set<JobId> notMarked = new HashSet<>();
        long newestInput = Long.MIN_VALUE;
        try (ArtifactProbe probe = ws.probe()) {
            for (JobPlan j : plan.toRun()) {
                List<String> missing = j.job().outputs().stream().filter(a -> !probe.observe(a).exists()).map(Artifact::display).toList();
                JobId upstream = plan.upstreamOf(j.id()).stream().filter(notMarked::contains).findFirst().orElse(null);
                if (!missing.isEmpty() || upstream != null) {
                    notMarked.add(j.id());
                    left.put(j.id(), !missing.isEmpty() ? "output " + String.join(", ", missing) + " does not exist; run it"
                            : "upstream job " + upstream.shown() + " is not marked");
                    continue;
                }
                marked.add(j);
                newestInput = Math.max(newestInput, newestInput(j, probe, Set.of(), 0).mtime());
            }
            String id = "touch-" + RunIds.generate();
            if (!dryRun && !marked.isEmpty()) {
                mark(ws, journal, probe, marked, id, newestInput);
            }
            return new Touched(id, marked.stream().map(JobPlan::id).toList(), left);
        } catch (IOException e) {
            throw new MorphException(ExitCodes.IO_ERROR, "SYS_WRITE_ERROR: cannot touch outputs under " + ws.root() + ": " + e.getMessage(), e);
        }
    }

    private static void mark(Workspace ws, Journal journal, ArtifactProbe probe, List<JobPlan> jobs, String id, long newestInput)
            throws IOException {
        long at = Math.max(new FsClock(Project.layout(ws)).now(), newestInput);
        FileTime time = FileTime.from(at, TimeUnit.NANOSECONDS);
        CommandRenderer commands = new CommandRenderer(ws.root());
        Owner owner = Owner.current(id);
        Set<JobId> done = new HashSet<>();
        for (JobPlan j : jobs) {
            Map<String, Long> outputs = new TreeMap<>();
            for (Artifact out : j.job().outputs()) {
                Observation o = probe.observe(out);
                Files.setLastModifiedTime(ws.root().resolve(o.newest()), time);
                outputs.put(out.display(), at);
            }
            Observation input = newestInput(j, probe, done, at);
            done.add(j.id());
            JobRecord record = new JobRecord(j.id(), new JobRecord.Attempt(id, owner.host(), owner.pid(), 1, at),
                    new JobRecord.Command(commands.argv(j, id), CommandRenderer.template(j.job().step()), j.job().params()),
                    new JobRecord.Inputs(input.mtime(), input.newest(), j.experimentSet().orElse(null)),
                    new JobRecord.Outcome(JobStatus.SUCCEEDED, at, outputs, 0, null, "marked up to date by morph touch"));
            journal.write(record);
        }
    }

    /**
     * The newest of the job's inputs (of the experiments a fan-in includes); an output of a job in
     * {@code marked} counts at {@code at}, the time it was given.
     */
    private static Observation newestInput(JobPlan j, ArtifactProbe probe, Set<JobId> marked, long at) {
        Observation newest = Observation.ABSENT;
        for (Source s : j.sourcesRead()) {
            Observation o = probe.observe(s.artifact());
            if (o.exists() && s.producer() != null && marked.contains(s.producer())) {
                o = new Observation(true, at, o.newest(), o.files());
            }
            if (o.exists() && o.mtime() > newest.mtime()) {
                newest = o;
            }
        }
        return newest;
    }
}
