package dev.morph.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a scheduler's command-line tool (sbatch, squeue, qsub, …) and captures what it says. */
final class Commands {
    /** What a tool printed and returned. */
    record Output(int code, String out, String err) {
        /** The tool's complaint in one line, for error messages. */
        String complaint() {
            String text = (err.isBlank() ? out : err).strip();
            return text.isEmpty() ? "exit code " + code : text.replaceAll("\\s*\\n\\s*", " / ");
        }
    }

    private Commands() {
    }

    /** Throws {@link IOException} when the tool cannot be started (not installed) or hangs past {@code limit}. */
    static Output run(List<String> argv, Duration limit) throws IOException {
        return run(argv, Map.of(), limit);
    }

    /** {@code defaults}: environment variables set only where the environment does not have them. */
    static Output run(List<String> argv, Map<String, String> defaults, Duration limit) throws IOException {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            defaults.forEach(pb.environment()::putIfAbsent);
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("'" + argv.get(0) + "' cannot be run (is the scheduler's client installed and on PATH?): "
                    + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", argv) + "' did not answer within " + limit.toSeconds() + "s");
            }
            return new Output(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
