package dev.morph.html;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lays out a DOT graph as SVG with Graphviz's {@code dot} (layered, Sugiyama-style), when it is on the
 * {@code PATH}. morph ships no layout of its own: without Graphviz the report says how to get it.
 */
public final class Graphviz {
    private static final long TIMEOUT_SECONDS = 60;

    private Graphviz() {
    }

    /** Whether {@code dot} is on the {@code PATH}. */
    public static boolean available() {
        return executable().isPresent();
    }

    /** {@code dot}'s SVG for {@code dot} without the XML prolog, ready to inline in HTML; empty without Graphviz. */
    public static Optional<String> svg(String dot) throws IOException {
        Optional<Path> exe = executable();
        if (exe.isEmpty()) {
            return Optional.empty();
        }
        Process p = new ProcessBuilder(exe.get().toString(), "-Tsvg").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("Graphviz dot did not finish within " + TIMEOUT_SECONDS + "s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("Graphviz dot failed (exit " + p.exitValue() + ")");
            }
            String svg = new String(out.join(), StandardCharsets.UTF_8);
            int start = svg.indexOf("<svg");
            return Optional.of(start < 0 ? svg : svg.substring(start));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Graphviz laid out the graph", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "dot");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
