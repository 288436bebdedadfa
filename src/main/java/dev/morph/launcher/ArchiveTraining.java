package dev.morph.launcher;

import dev.morph.cli.CliEnvironment;
import dev.morph.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@link ClassArchive} runs to learn which classes morph's commands load: every command on a small
 * pipeline in a temporary directory (status, plan, graph, a run of a few trivial jobs, runs, logs), in
 * one JVM started with {@code -XX:DumpLoadedClassList}. Its output is discarded and the directory removed.
 * The pipeline has what real ones have (a base file it extends with a step of its own, attributes with
 * values, resources, a glob input, an input outside the data root, a cohort step reading every
 * experiment, a blocked and a stale experiment): code a command reaches only on such a pipeline would
 * otherwise start without the archive's help (a lambda not met here is spun at run time).
 */
public final class ArchiveTraining {
    private static final String BASE = """
            # comments too: SnakeYAML loads classes of its own for them
            name: training-base
            experiments:
              pattern: raw/{scope}/{exp}/
              values:
                scope: [s1, s2]
              ignore: [".*", "_*", "ignore*"]
            params: {model: m1, delay: "1", weights: /nowhere}
            resources: {gpus: 1}
            steps:
              prep:
                aliases: [p]
                inputs:
                  raw: raw/{attr.scope}/{exp}/
                  meta: {glob: "meta/{{well,plate}}/{exp}*.txt"}
                  weights: "{params.weights}/model.pt"
                outputs:
                  out: prep/{exp}.txt
                  log: prep/{exp}/
                command: [prep, "{exp}", "{attr.scope}", "{outputs.out}"]
                resources: {cpus: 2, mem: 8G}
                timeout: 4h
              embed:
                aliases: [e]
                inputs:
                  prep: {from: prep.out}
                outputs:
                  emb: emb/{params.model}/{exp}/
                command: "embed {exp}"
                resources: {cpus: 1, gpus: 1, mem: 16G}
              combine:
                scope: global
                inputs:
                  all: {from: embed.emb}
                  ref: ref.csv
                outputs:
                  table: combined.csv
                command: "combine"
                timeout: 1h
            """;

    /** Changes how the steps run, as testdata/morph.yaml does, and adds a step, as pipelines/morphseq-cohort.yaml does. */
    private static final String PIPELINE = """
            extends: base.yaml
            name: training
            params:
              delay: "0"
              weights: WEIGHTS
            steps:
              prep:
                command: [sh, -c, 'mkdir -p "$2" && touch "$1" "$2/log.txt"', prep, "{outputs.out}", "{outputs.log}",
                          "{params.delay}"]
                workdir: .
                resources: {cpus: 1, mem: 100M}
                timeout: 5m
              embed:
                command: "mkdir -p {outputs.emb} && echo {exp} > {outputs.emb}/e.txt"
                workdir: .
                resources: {cpus: 1, gpus: 1, mem: 100M}
                timeout: 5m
              combine:
                command: "ls {inputs.all} > {outputs.table}"
                workdir: .
                timeout: 5m
              summary:
                aliases: [s]
                scope: global
                inputs:
                  table: {from: combine}
                outputs:
                  summary: summary.txt
                command: [cp, "{inputs.table}", "{outputs.summary}"]
                workdir: .
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
        Files.writeString(dir.resolve("base.yaml"), BASE);
        // the model weights live outside the data root, named by an absolute param
        Path weights = Files.createDirectories(dir.resolve("weights"));
        Files.writeString(weights.resolve("model.pt"), "weights");
        Files.writeString(dir.resolve("morph.yaml"), PIPELINE.replace("WEIGHTS", weights.toAbsolutePath().toString()));
        Path root = dir.resolve("root");
        // a, b ready; c has no metadata: blocked; _scratch and .hidden are ignored
        for (String raw : List.of("s1/20250101_a", "s2/20250102_b", "s1/20250103_c", "s1/_scratch", "s2/.hidden")) {
            Path images = Files.createDirectories(root.resolve("raw/" + raw));
            Files.writeString(images.resolve("image.tif"), raw);
        }
        Files.createDirectories(root.resolve("meta/well"));
        Files.createDirectories(root.resolve("meta/plate"));
        Files.writeString(root.resolve("meta/well/20250101_a.txt"), "a");
        Files.writeString(root.resolve("meta/plate/20250102_b_v2.txt"), "b");
        Files.writeString(root.resolve("ref.csv"), "ref");
        // the entry point as the launcher calls it (the crash handler, the user's environment); the
        // training's own environment below keeps its output stable
        Main.runInThisProcess("--version");
        // the entry point, and what it runs after every command
        Morph.class.getName();
        ClassArchive.class.getName();
        CliEnvironment env = new CliEnvironment(Map.of("LANG", "C.UTF-8"), dir, false, Optional.empty());
        List<List<String>> before = List.of(
                List.of("status"), List.of("status", "--format", "json"), List.of("plan", "--dry-run"),
                List.of("plan", "e", "--format", "json"), List.of("graph"), List.of("graph", "--format", "mermaid", "--jobs"),
                List.of("run", "-j", "2", "--run-id", "training"), List.of("status"), List.of("plan", "e2e"),
                List.of("runs"), List.of("runs", "show", "training"), List.of("runs", "show", "training", "--format", "json"),
                List.of("logs", "training"), List.of("logs", "training", "prep[20250101_a]"));
        commands(env, before);
        // new raw images make a's jobs and the cohort's stale
        Files.setLastModifiedTime(root.resolve("raw/s1/20250101_a/image.tif"), FileTime.from(Instant.now().plusSeconds(60)));
        List<List<String>> after = List.of(
                List.of("status"), List.of("status", "--format", "json"), List.of("plan"), List.of("plan", "--format", "json"),
                List.of("plan", "p", "--only", "--force"), List.of("run", "--run-id", "again"),
                List.of("status", "--experiments", "20250101_a,nope"), List.of("status", "--later-than", "20250101"),
                List.of("--help"), List.of("status", "--help"), List.of("statsu"), List.of("status", "--format", "xml"));
        commands(env, after);
    }

    private static void commands(CliEnvironment env, List<List<String>> commands) {
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
