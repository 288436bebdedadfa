package dev.morph.app;

import dev.morph.MorphException;
import dev.morph.Suggest;
import dev.morph.discover.Workspace;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobId;
import dev.morph.run.JobStatus;
import dev.morph.run.RunIds;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code logs} use cases: a run's jobs and their log files (all, or one step's), and one job's log,
 * followed while it runs — and, for a job that has not started yet, waited for. Runs are named as
 * {@link RunHistory#read} reads them ({@code last}, a prefix); jobs in any spelling {@link JobId#parse} reads.
 */
public final class LogService {
    private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(300);

    private final Project project;

    public LogService(Project project) {
        this.project = project;
    }

    /** A run's jobs with the absolute path of each one's log (null: never started). */
    public List<JobLog> jobs(String runId) {
        return jobs(runId, null);
    }

    /** The jobs of run {@code runId} (of step {@code step} only, unless null) with their logs. */
    public List<JobLog> jobs(String runId, String step) {
        Workspace ws = project.open();
        RunState run = RunHistory.read(project.runs(ws), runId);
        return run.jobs().stream().filter(j -> step == null || j.step().equals(step))
                .map(j -> new JobLog(j.id(), j.status(), j.execution().log() == null ? null : ws.root().resolve(j.execution().log())))
                .toList();
    }

    /**
     * What {@code logs RUN NAME} shows: one job's log ({@code NAME} is a job of the run), or the jobs of a
     * step (it names a step whose jobs are per experiment). Anything else is a usage error with close matches.
     */
    public Target target(String runId, String name) {
        Workspace ws = project.open();
        RunState run = RunHistory.read(project.runs(ws), runId);
        JobId wanted = JobId.parse(name);
        Optional<RunState.JobEntry> job = run.jobs().stream().filter(j -> JobId.parse(j.id()).equals(wanted)).findFirst();
        if (job.isPresent()) {
            return new Target(run.runId(), job.get().id(), null);
        }
        String step = ws.pipeline().step(name).map(Step::name).orElse(null);
        if (step != null && run.jobs().stream().anyMatch(j -> j.step().equals(step))) {
            return new Target(run.runId(), null, step);
        }
        List<String> ids = run.jobs().stream().map(j -> JobId.parse(j.id()).shown()).toList();
        throw MorphException.usage("run '" + run.runId() + "' has no job '" + name + "'" + Suggest.didYouMean(wanted.shown(), ids)
                + "; 'morph logs " + run.runId() + "' lists its jobs");
    }

    /**
     * Copies job {@code job}'s log of run {@code runId} to {@code sink} as it is now, and with {@code follow}
     * goes on copying what the job writes until it is no longer running; a job that has not started yet
     * is waited for while its run goes on.
     */
    public void copy(String runId, String job, boolean follow, Consumer<String> sink) throws IOException, InterruptedException {
        Workspace ws = project.open();
        RunStore store = project.runs(ws);
        Target target = target(runId, job);
        if (target.job() == null) {
            throw MorphException.usage("'" + job + "' is a step of run '" + target.run() + "'; name one of its jobs, e.g. "
                    + job + "/EXPERIMENT");
        }
        JobId id = JobId.parse(target.job());
        Path log = Project.layout(ws).log(target.run(), id.step(), id.experiment());
        while (!Files.exists(log)) {
            if (!follow || !mayStart(store, target.run(), target.job())) {
                throw MorphException.usage("job '" + id.shown() + "' of run '" + target.run() + "' has no log"
                        + (follow ? " (it never started)" : " yet (it has not started; -f waits for it)"));
            }
            Thread.sleep(FOLLOW_INTERVAL.toMillis());
        }
        try (InputStream in = Files.newInputStream(log)) {
            byte[] buf = new byte[8192];
            while (true) {
                int n = in.read(buf);
                if (n > 0) {
                    sink.accept(new String(buf, 0, n, StandardCharsets.UTF_8));
                } else if (follow && stillRunning(store, target.run(), target.job())) {
                    Thread.sleep(FOLLOW_INTERVAL.toMillis());
                } else {
                    return;
                }
            }
        }
    }

    /**
     * Up to {@code max} bytes of job {@code job}'s log of run {@code runId} from byte {@code from} (negative:
     * the last {@code max} bytes), for a page that follows the log. Only a job the run lists, and only its log under {@code .morph/runs/},
     * can be read; anything else is an empty chunk.
     */
    public Chunk chunk(String runId, String job, long from, int max) throws IOException {
        Workspace ws = project.open();
        RunStore store = project.runs(ws);
        Optional<RunState> run = (RunIds.VALID.matcher(runId).matches() ? store.read(runId) : Optional.<RunState>empty()).filter(r -> r.jobs().stream().anyMatch(j -> j.id().equals(job)));
        if (run.isEmpty()) {
            return new Chunk("", Math.max(0, from), false);
        }
        JobId id = JobId.parse(job);
        Path runs = Project.layout(ws).runs().toAbsolutePath().normalize();
        Path log = Project.layout(ws).log(runId, id.step(), id.experiment()).toAbsolutePath().normalize();
        boolean running = stillRunning(store, runId, job);
        if (!log.startsWith(runs) || !Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
            return new Chunk("", Math.max(0, from), running);
        }
        try (SeekableByteChannel in = Files.newByteChannel(log)) {
            long start = from < 0 ? Math.max(0, in.size() - max) : Math.min(from, in.size());
            in.position(start);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(max, in.size() - in.position())));
            while (buf.hasRemaining() && in.read(buf) > 0) {
                // one read may return less than the file has: loop until the buffer is full or the file ends
            }
            int n = wholeCharacters(buf.array(), buf.position());
            return new Chunk(new String(buf.array(), 0, n, StandardCharsets.UTF_8), start + n, running);
        }
    }

    /** How many of the first {@code n} bytes end at a whole UTF-8 character (a character still being written waits for the next chunk). */
    static int wholeCharacters(byte[] bytes, int n) {
        int lead = n - 1;
        while (lead >= 0 && n - lead <= 3 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return n;
        }
        int b = bytes[lead] & 0xFF;
        int length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + length > n ? lead : n;
    }

    /** A piece of a log, the offset the next piece starts at, and whether the job still runs. */
    public record Chunk(String text, long next, boolean running) {
    }

    private static Optional<RunState.JobEntry> entry(RunStore store, String runId, String jobId) {
        return store.read(runId).map(store::reconciled).flatMap(r -> r.jobs().stream().filter(j -> j.id().equals(jobId)).findFirst());
    }

    private static boolean stillRunning(RunStore store, String runId, String jobId) {
        return entry(store, runId, jobId)
                .map(j -> j.status() == JobStatus.RUNNING || j.status() == JobStatus.PENDING && j.attempts() > 0)
                .orElse(false);
    }

    /** Whether the job may still start: pending or running in a run that is in progress. */
    private static boolean mayStart(RunStore store, String runId, String jobId) {
        boolean live = store.read(runId).map(store::reconciled).map(RunState::inProgress).orElse(false);
        return live && entry(store, runId, jobId).map(j -> j.status() == JobStatus.PENDING || j.status() == JobStatus.RUNNING).orElse(false);
    }

    /** One job of a run, its status, and its log file (null when it never started). */
    public record JobLog(String job, JobStatus status, Path log) {
    }

    /** What a name given to {@code logs} is in a run: a job (its recorded ID) or a step (its name). */
    public record Target(String run, String job, String step) {
    }
}
