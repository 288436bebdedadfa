package dev.morph.plan;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.morph.artifact.ArtifactProbe;
import dev.morph.artifact.FileSystemProbe;
import dev.morph.artifact.ProbeCache;
import dev.morph.discover.ExperimentFinder;
import dev.morph.discover.Selection;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.load.PipelineLoader;
import dev.morph.pipeline.RerunTrigger;
import dev.morph.app.Invocation;
import dev.morph.discover.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A data root on Jimfs with a pipeline written inline and files given explicit mtimes (seconds), so
 * planner scenarios say exactly which file is older than which.
 */
final class Fixture {
    /** A small MorphSeq-shaped pipeline: a → b → (c for YX1 only), fan-in g, then h and per-experiment k. */
    static final String PIPELINE = """
            experiments:
              pattern: raw/{scope}/{exp}/
              ignore: [".*", "_*", "ignore*"]
            params:
              model: m1
            steps:
              a:
                aliases: [first]
                inputs:
                  raw: raw/{attr.scope}/{exp}/
                  meta: meta/{exp}.csv
                outputs:
                  images: a/{exp}/
                  table: a/{exp}.csv
                command: [tool, a, "{exp}"]
              b:
                inputs:
                  images: {from: a.images}
                outputs:
                  out: b/{exp}.txt
                command: [tool, b, "{inputs.images}", "{outputs.out}"]
              c:
                when: {scope: YX1}
                inputs:
                  b: {from: b}
                outputs:
                  out: c/{params.model}/{exp}.txt
                command: [tool, c, "{params.model}"]
              g:
                scope: global
                inputs:
                  bs: {from: b}
                outputs:
                  all: g/all.csv
                command: [tool, g, "{inputs.bs}"]
              h:
                scope: global
                inputs:
                  all: {from: g}
                  ref: ref/stages.csv
                outputs:
                  out: h/out.csv
                command: [tool, h]
              k:
                inputs:
                  all: {from: g}
                  b: {from: b}
                outputs:
                  out: k/{exp}.txt
                command: [tool, k, "{exp}"]
            """;

    final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    final Path root = fs.getPath("/data");
    final Path pipelineFile = fs.getPath("/pipelines/p.yaml");
    ArtifactProbe lastProbe;

    Fixture() {
        this(PIPELINE);
    }

    Fixture(String pipeline) {
        write(pipelineFile, pipeline, 0);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file under the root with the given mtime in seconds. */
    Fixture file(String relative, long mtime) {
        write(root.resolve(relative), relative, mtime);
        return this;
    }

    /** Writes a file anywhere on the file system (outside the data root) with the given mtime in seconds. */
    Fixture outside(String absolute, long mtime) {
        write(fs.getPath(absolute), absolute, mtime);
        return this;
    }

    Fixture dir(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Fixture delete(String relative) {
        try {
            Files.delete(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Everything one experiment needs to be fully built, inputs at {@code t}, each step one second later. */
    Fixture built(String scope, String exp, long t) {
        file("raw/" + scope + "/" + exp + "/img1.tif", t);
        file("meta/" + exp + ".csv", t);
        file("a/" + exp + "/ff1.png", t + 1);
        file("a/" + exp + ".csv", t + 1);
        file("b/" + exp + ".txt", t + 2);
        if (scope.equals("YX1")) {
            file("c/m1/" + exp + ".txt", t + 3);
        }
        return this;
    }

    /** The global outputs, built at {@code t}, and the static ref file at 0. */
    Fixture globals(long t) {
        file("ref/stages.csv", 0);
        file("g/all.csv", t);
        file("h/out.csv", t + 1);
        return this;
    }

    Fixture kFor(String exp, long t) {
        return file("k/" + exp + ".txt", t);
    }

    Pipeline pipeline() {
        return PipelineLoader.load(pipelineFile);
    }

    Workspace workspace() {
        Pipeline p = pipeline();
        return new Workspace(p, root, new ExperimentFinder(p.discovery()).find(root));
    }

    Plan plan(Invocation invocation) {
        return plan(invocation, JobHistory.NONE);
    }

    /** Plans with {@code history} as what is known of the jobs' last executions. */
    Plan plan(Invocation invocation, JobHistory history) {
        Workspace ws = workspace();
        lastProbe = new ProbeCache(FileSystemProbe.forOnePlan(root));
        return invocation.planner(ws, lastProbe, history).plan(invocation.request(ws));
    }

    Plan planAll() {
        return plan(invocation(List.of("e2e")));
    }

    static Invocation invocation(List<String> targets) {
        return new Invocation(targets, false, Selection.ALL, false, List.of(), Map.of(), null);
    }

    static Invocation only(List<String> targets) {
        return new Invocation(targets, true, Selection.ALL, false, List.of(), Map.of(), null);
    }

    static Invocation selecting(List<String> names, String later, String earlier) {
        Selection s = new Selection(names, Optional.ofNullable(later).map(d -> Selection.parseDay("--later-than", d)),
                Optional.ofNullable(earlier).map(d -> Selection.parseDay("--earlier-than", d)));
        return new Invocation(List.of("e2e"), false, s, false, List.of(), Map.of(), null);
    }

    static Invocation forcing(boolean all, List<String> steps) {
        return new Invocation(List.of("e2e"), false, Selection.ALL, all, steps, Map.of(), null);
    }

    static Invocation withParams(Map<String, String> params) {
        return new Invocation(List.of("e2e"), false, Selection.ALL, false, List.of(), params, null);
    }

    /** Every step, with only these journal rules applying ({@code --rerun-triggers}). */
    static Invocation withTriggers(Set<RerunTrigger> triggers) {
        return new Invocation(List.of("e2e"), false, Selection.ALL, false, List.of(), Map.of(), triggers);
    }

    private static void write(Path file, String content, long mtime) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.fromMillis(mtime * 1000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JobPlan job(Plan plan, String id) {
        return plan.job(JobId.parse(id)).orElseThrow(() -> new AssertionError("no job " + id + " in plan"));
    }

    static List<String> codes(JobPlan job) {
        return job.reasons().stream().map(Reason::code).toList();
    }
}
