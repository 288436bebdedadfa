package dev.morph.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Generated roots kept between benchmark runs: a root is reused when the manifest beside it (written
 * last, atomically, so a half-written root never has one) names the same generator version, job graph
 * (a digest of every job's artifacts), sizes, stage and touch; otherwise it is deleted and written again.
 * The manifest lives next to the root, never inside it, so the root holds only the generated files.
 */
public final class RootCache {
    /** Bump when the generator writes something different for the same arguments. */
    static final int GENERATOR_VERSION = 1;

    /** A prepared root: where, what it holds, how long writing it took (now, or when it was first written). */
    public record Prepared(Path root, RootGenerator.Generated generated, boolean reused, double generateSeconds) {
    }

    private RootCache() {
    }

    public static Prepared prepare(Path roots, String name, BenchGraph graph, int builtSteps, boolean touch)
            throws IOException, InterruptedException {
        Files.createDirectories(roots);
        Path root = roots.resolve(name);
        Path manifest = roots.resolve(name + ".manifest");
        String key = key(graph, builtSteps, touch);
        if (Files.isDirectory(root) && Files.exists(manifest)) {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            if (lines.size() == 2 && lines.get(0).equals(key)) {
                return new Prepared(root, RootGenerator.plan(graph, builtSteps, touch), true, Double.parseDouble(lines.get(1)));
            }
        }
        Files.deleteIfExists(manifest);
        if (Files.exists(root)) {
            // rm is several times faster than a Java walk on a million files
            int exit = new ProcessBuilder("rm", "-rf", "--", root.toString()).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException("could not delete the old root " + root);
            }
        }
        long start = System.nanoTime();
        RootGenerator.Generated g = RootGenerator.generate(graph, root, builtSteps, touch);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path tmp = roots.resolve(name + ".manifest.tmp");
        Files.writeString(tmp, key + "\n" + seconds + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Prepared(root, g, false, seconds);
    }

    static String key(BenchGraph graph, int builtSteps, boolean touch) {
        try {
            // the graph itself, not the pipeline file: a file it extends may change it too
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (BenchGraph.JobNode j : graph.jobs()) {
                sha.update((j.id() + " <").getBytes(StandardCharsets.UTF_8));
                j.inputs().forEach(i -> sha.update((" " + i.kind() + ":" + i.path()).getBytes(StandardCharsets.UTF_8)));
                sha.update(" >".getBytes(StandardCharsets.UTF_8));
                j.outputs().forEach(o -> sha.update((" " + o.kind() + ":" + o.path()).getBytes(StandardCharsets.UTF_8)));
                sha.update("\n".getBytes(StandardCharsets.UTF_8));
            }
            return "generator=" + GENERATOR_VERSION + " graph=" + HexFormat.of().formatHex(sha.digest())
                    + " experiments=" + graph.experiments().size() + " files=" + graph.filesPerDir()
                    + " built=" + builtSteps + " touch=" + touch;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
