package dev.morph.cluster;

import dev.morph.plan.JobId;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A cluster job's files in its run's directory ({@code jobs/STEP/EXP.sh} and its {@code .exit}), and
 * waiting for what a job on another host writes to become visible here (a shared file system's latency).
 */
final class JobFiles {
    private JobFiles() {
    }

    /** The job's script in its run's directory. */
    static Path script(StateLayout layout, String runId, JobId job) {
        Path jobs = layout.run(runId).resolve("jobs");
        return job.experiment() == null ? jobs.resolve(job.step() + ".sh") : jobs.resolve(job.step()).resolve(job.experiment() + ".sh");
    }

    /** The file the script writes the job's exit code to, beside it. */
    static Path exitFile(Path script) {
        return script.resolveSibling(script.getFileName().toString().replaceFirst("\\.sh$", ".exit"));
    }

    /** The exit code from the job's file, waiting up to {@code wait} for it to become visible. */
    static Integer readExitFile(Path file, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (text.matches("\\d+")) {
                    return Integer.valueOf(text);
                }
            } catch (NoSuchFileException e) {
                // not written, or not visible here yet
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            sleep(250);
        }
    }

    static void waitFor(BooleanSupplier ready, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
            sleep(250);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
