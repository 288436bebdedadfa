package dev.morph.cluster;

import dev.morph.plan.JobId;
import dev.morph.run.Owner;
import dev.morph.store.AtomicFiles;
import dev.morph.store.StateJson;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The write-ahead record of a job's submission, next to its script: the intent (job, attempt, a token
 * unique to this submission) is on disk before {@code sbatch}/{@code qsub} runs, and the scheduler's job
 * ID right after. A morph killed in between leaves an intent without an ID; {@link #resolve} then decides,
 * from the queue (which lists the token) and the job's own start file, whether the job exists, so that it
 * is adopted or submitted again — never both, never twice.
 */
final class Submissions {
    /** How long a submit command may take; an intent younger than this may still become a job. */
    static final Duration SUBMIT_LIMIT = Duration.ofSeconds(60);

    /**
     * One submission as recorded; {@code jobId} null until the scheduler has answered. {@code noJob}: a
     * later morph found that no job came of it (its submitter had ended, the token was not queued and the
     * job never started).
     */
    record Submission(String job, int attempt, String token, String executor, String host, String intendedAt, String jobId, boolean noJob) {
        Submission submitted(String id) {
            return new Submission(job, attempt, token, executor, host, intendedAt, id, false);
        }

        Submission withoutJob() {
            return new Submission(job, attempt, token, executor, host, intendedAt, null, true);
        }

        /** Whether it may still be (or become) a job nobody has recorded. */
        boolean undecided() {
            return jobId == null && !noJob;
        }
    }

    private Submissions() {
    }

    /** A fresh token for a submission of run {@code runId}: the run, then random hex. */
    static String token(String runId) {
        return runId + ":" + String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    static Path file(Path script) {
        return script.resolveSibling(script.getFileName().toString().replaceFirst("\\.sh$", ".submit"));
    }

    /** The file the job script writes when it starts: its token and scheduler job ID. */
    static Path startedFile(Path script) {
        return script.resolveSibling(script.getFileName().toString().replaceFirst("\\.sh$", ".started"));
    }

    /** Writes the record durably: an intent before submitting, the job ID after. */
    static void write(Path script, Submission s) throws IOException {
        AtomicFiles.write(file(script), StateJson.mapper().writeValueAsBytes(s));
    }

    static Optional<Submission> read(StateLayout layout, String runId, JobId job) {
        try {
            return Optional.of(StateJson.read(file(JobFiles.script(layout, runId, job)), Submission.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The scheduler job of a submission: its recorded ID; else, once its submit command can no longer be
     * running, the queued job carrying its token, or the ID the job wrote when it started. Empty: it
     * never became a job. A found ID is recorded.
     */
    static Optional<String> resolve(Path script, Submission s, Supplier<List<BatchSystem.Queued>> queue) throws IOException {
        if (!s.undecided()) {
            return Optional.ofNullable(s.jobId());
        }
        awaitSubmitter(s);
        Optional<String> id = queue.get().stream().filter(q -> q.token().equals(s.token())).map(BatchSystem.Queued::id).findFirst();
        if (id.isEmpty()) {
            // not queued now: it either never existed or has started (and ended) — its start file says which
            id = startedId(script, s.token());
        }
        write(script, id.map(s::submitted).orElseGet(s::withoutJob));
        return id;
    }

    private static Optional<String> startedId(Path script, String token) throws IOException {
        try {
            String[] words = Files.readString(startedFile(script), StandardCharsets.UTF_8).strip().split("\\s+");
            return words.length == 2 && words[0].equals(token) ? Optional.of(words[1]) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits until the submit command of {@code s} cannot still be running: on this host, until no process
     * carries its token; elsewhere, until the submit limit has passed since the intent.
     */
    private static void awaitSubmitter(Submission s) {
        long deadline = System.nanoTime() + SUBMIT_LIMIT.toNanos() * 2;
        if (!Owner.localHost().equals(s.host())) {
            Instant until = Instant.parse(s.intendedAt()).plus(SUBMIT_LIMIT);
            sleep(Math.min(Duration.between(Instant.now(), until).toMillis(), SUBMIT_LIMIT.toMillis()));
            return;
        }
        while (submitterAlive(s.token()) && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    private static boolean submitterAlive(String token) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(token)).orElse(false));
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
