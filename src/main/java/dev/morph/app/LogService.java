package dev.morph.app;

import dev.morph.discover.Workspace;
import dev.morph.MorphException;
import dev.morph.Suggest;
import dev.morph.plan.JobId;
import dev.morph.run.JobStatus;
import dev.morph.run.RunIds;
import dev.morph.run.RunState;
import dev.morph.run.RunStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The {@code logs} use cases: a run's jobs and their log files, and one job's log, followed while it runs. */
public final class LogService {
    private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(300);

    private final Project project;

    public LogService(Project project) {
        this.project = project;
    }

    /** A run's jobs with the absolute path of each one's log (null: never started). */
    public List<JobLog> jobs(String runId) {
        Workspace ws = project.open();
        RunState run = RunHistory.read(project.runs(ws), runId);
        return run.jobs().stream()
                .map(j -> new JobLog(j.id(), j.status(), j.execution().log() == null ? null : ws.root().resolve(j.execution().log())))
                .toList();
    }

    /**
     * Copies job {@code job}'s log of run {@code runId} to {@code sink} as it is now, and with {@code follow}
     * goes on copying what the job writes until it is no longer running.
     */
    public void copy(String runId, String job, boolean follow, Consumer<String> sink) throws IOException, InterruptedException {
        Workspace ws = project.open();
        RunStore store = project.runs(ws);
        RunState run = RunHistory.read(store, runId);
        List<String> ids = run.jobs().stream().map(RunState.JobEntry::id).toList();
        if (!ids.contains(job)) {
            throw MorphException.usage("run '" + runId + "' has no job '" + job + "'" + Suggest.didYouMean(job, ids));
        }
        JobId id = JobId.parse(job);
        Path log = Project.layout(ws).log(runId, id.step(), id.experiment());
        if (!Files.exists(log)) {
            throw MorphException.usage("job '" + job + "' of run '" + runId + "' has no log yet (it has not started)");
        }
        try (InputStream in = Files.newInputStream(log)) {
            byte[] buf = new byte[8192];
            while (true) {
                int n = in.read(buf);
                if (n > 0) {
                    sink.accept(new String(buf, 0, n, StandardCharsets.UTF_8));
                } else if (follow && stillRunning(store, runId, job)) {
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
                // fill the buffer
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

    private static boolean stillRunning(RunStore store, String runId, String jobId) {
        return store.read(runId).map(store::reconciled)
                .flatMap(r -> r.jobs().stream().filter(j -> j.id().equals(jobId)).findFirst())
                .map(j -> j.status() == JobStatus.RUNNING || j.status() == JobStatus.PENDING && j.attempts() > 0)
                .orElse(false);
    }

    /** One job of a run, its status, and its log file (null when it never started). */
    public record JobLog(String job, JobStatus status, Path log) {
    }
}
