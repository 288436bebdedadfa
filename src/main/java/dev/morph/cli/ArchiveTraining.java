package dev.morph.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@link ClassArchive} runs to learn which classes morph's commands load: every command on a small
 * pipeline in a temporary directory (status, plan, graph, a run of a few trivial jobs, runs, logs), in
 * one JVM started with {@code -XX:DumpLoadedClassList}. Its output is discarded and the directory removed.
 */
public final class ArchiveTraining {
    /** A miniature of a real pipeline: attributes, a directory input, argv and shell commands, a fan-in. */
    private static final String PIPELINE = """
            name: training
            experiments:
              pattern: raw/{scope}/{exp}/
              ignore: [".*"]
            params: {model: m1}
            steps:
              prep:
                aliases: [p]
                inputs:
                  raw: raw/{attr.scope}/{exp}/
                outputs:
                  out: prep/{exp}.txt
                command: [touch, "{outputs.out}"]
                resources: {cpus: 1}
                timeout: 1m
              embed:
                inputs:
                  prep: {from: prep.out}
                outputs:
                  emb: emb/{params.model}/{exp}/
                command: "mkdir -p {outputs.emb} && echo {exp} > {outputs.emb}/e.txt"
              combine:
                scope: global
                inputs:
                  all: {from: embed.emb}
                outputs:
                  table: combined.csv
                command: "ls {inputs.all} > {outputs.table}"
            """;

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("morph-training-");
        try {
            train(dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void train(Path dir) throws IOException {
        Files.writeString(dir.resolve("morph.yaml"), PIPELINE);
        for (String exp : List.of("20250101_a", "20250102_b", "20250103_c")) {
            Path raw = Files.createDirectories(dir.resolve("root/raw/s1/" + exp));
            Files.writeString(raw.resolve("image.tif"), exp);
        }
        CliEnvironment env = new CliEnvironment(Map.of("LANG", "C.UTF-8"), dir, false, ZoneId.systemDefault());
        List<List<String>> commands = new ArrayList<>(List.of(
                List.of("status"), List.of("status", "--format", "json"), List.of("plan", "--dry-run"),
                List.of("plan", "embed", "--format", "json"), List.of("graph"), List.of("graph", "--format", "mermaid", "--jobs"),
                List.of("run", "-j", "2", "--run-id", "training"), List.of("status"), List.of("plan", "e2e"),
                List.of("runs"), List.of("runs", "show", "training"), List.of("runs", "show", "training", "--format", "json"),
                List.of("logs", "training"), List.of("logs", "training", "prep[20250101_a]"), List.of("run", "--run-id", "again"),
                List.of("status", "--experiments", "20250101_a,nope"), List.of("--help")));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(List.of("-p", "morph.yaml", "-r", "root"));
            args.addAll(command);
            try (PrintWriter out = discard(); PrintWriter err = discard()) {
                Main.run(env, out, err, args.toArray(String[]::new));
            }
        }
    }

    private static PrintWriter discard() {
        return new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
