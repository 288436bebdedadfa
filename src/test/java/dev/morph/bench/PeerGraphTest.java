package dev.morph.bench;

import dev.morph.app.Experiments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.morph.artifact.Artifact;
import dev.morph.pipeline.ArtifactKind;
import dev.morph.pipeline.load.PipelineLoader;
import dev.morph.plan.BoundInput;
import dev.morph.plan.JobHistory;
import dev.morph.plan.JobPlan;
import dev.morph.plan.JobState;
import dev.morph.plan.Plan;
import dev.morph.plan.Source;
import dev.morph.app.Invocation;
import dev.morph.discover.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's instrument, checked against morph's planner: the generator is deterministic, and the
 * Makefile and build.ninja it writes declare exactly the planner's jobs, with the same artifacts, listing
 * every file of the root, and Make's rule on them runs exactly the jobs the planner plans — on a fully
 * built root with one raw file touched, a partly built one, and an unbuilt one. Real make and ninja are
 * asked too when installed.
 */
class PeerGraphTest {
    /** The benchmark's pipeline: pipelines/morphseq-cohort.yaml with its checkout and weights inside the root. */
    private static final Path MORPHSEQ = Path.of("src/bench/morphseq.yaml");

    /** A second shape: a when-filter, a glob input, a global static input, a per-experiment step reading a global one. */
    private static final String OTHER = """
            name: other
            experiments:
              pattern: raw/{scope}/{exp}/
              values: {scope: [K, Y]}
            steps:
              a:
                inputs:
                  raw: raw/{attr.scope}/{exp}/
                  masks: {glob: "masks/{exp}/*.png"}
                outputs:
                  images: a/{exp}/
                  table: a/{exp}.csv
                command: [tool, a]
              c:
                when: {scope: Y}
                inputs:
                  images: {from: a.images}
                outputs:
                  out: c/{exp}.txt
                command: [tool, c]
              g:
                scope: global
                inputs:
                  tables: {from: a.table}
                  ref: ref/stages.csv
                outputs:
                  all: g/all.csv
                command: [tool, g]
              k:
                inputs:
                  all: {from: g}
                  table: {from: a.table}
                outputs:
                  out: k/{exp}.txt
                command: [tool, k]
            """;

    @TempDir
    Path tmp;

    @Test
    void generator_sameArguments_writesTheSameFilesMtimesAndBuildFiles() throws IOException {
        BenchGraph graph = BenchGraph.of(PipelineLoader.load(MORPHSEQ), 5, 3);
        List<String> first;
        List<String> second;
        try (FileSystem a = Jimfs.newFileSystem(Configuration.unix()); FileSystem b = Jimfs.newFileSystem(Configuration.unix())) {
            RootGenerator.Generated g = RootGenerator.generate(graph, a.getPath("/r"), 9, true);
            RootGenerator.generate(BenchGraph.of(PipelineLoader.load(MORPHSEQ), 5, 3), b.getPath("/r"), 9, true);
            first = listing(a.getPath("/r"));
            second = listing(b.getPath("/r"));
            assertEquals(g.files(), first.size());
            assertTrue(first.contains(g.touchedFile() + " " + Timeline.touched(9)), () -> "touched file in " + first);
        }
        assertEquals(first, second);
        // 5 experiments: 10 directories and the well-metadata glob of 3 files, and 11 single files each; 14 files
        // of static inputs (the five QC models, two weight files, a model directory of 3, the py39 interpreter and
        // three reference tables) and the 2 cohort files
        assertEquals(5 * (11 * 3 + 11) + 14 + 2, first.size());
        for (String name : List.of("Makefile", "build.ninja", "Snakefile")) {
            String one = Files.readString(write(graph, tmp.resolve("one"), name));
            String two = Files.readString(write(BenchGraph.of(PipelineLoader.load(MORPHSEQ), 5, 3), tmp.resolve("two"), name));
            assertEquals(one, two, name);
            assertTrue(one.contains("20250101_e00004"), name + " names the last experiment");
        }
    }

    @Test
    void morphseq_builtAndTouched_buildFilesDeclareThePlannersJobsAndStaleSet() throws Exception {
        Plan plan = check(MORPHSEQ, 6, 3, 9, true);
        // the touched experiment's seven steps and the two cohort steps
        assertEquals(9, plan.toRun().size());
    }

    @Test
    void morphseq_builtUpToSam2_buildFilesDeclareThePlannersJobsAndStaleSet() throws Exception {
        Plan plan = check(MORPHSEQ, 4, 2, 3, true);
        // the touched experiment's build01, qc_masks and sam2; build03, latents, build04 and build06 everywhere; the cohort
        assertEquals(1 + 1 + 1 + 4 * 4 + 2, plan.toRun().size());
    }

    @Test
    void morphseq_nothingBuilt_everyJobRuns() throws Exception {
        Plan plan = check(MORPHSEQ, 3, 2, 0, false);
        assertEquals(plan.jobs().size(), plan.toRun().size());
    }

    @Test
    void otherShape_whenFilterGlobAndGlobalInput_buildFilesDeclareThePlannersJobs() throws Exception {
        Path pipeline = tmp.resolve("other.yaml");
        Files.writeString(pipeline, OTHER, StandardCharsets.UTF_8);
        Plan plan = check(pipeline, 4, 2, 4, true);
        assertEquals(2, plan.count(JobState.NOT_APPLICABLE));
        assertFalse(plan.toRun().isEmpty());
    }

    /**
     * Generates a root on disk, plans it with morph, and checks the generator's graph, expected answer,
     * Makefile and build.ninja against the plan. Returns the plan.
     */
    private Plan check(Path pipelineFile, int experiments, int files, int builtSteps, boolean touch) throws Exception {
        BenchGraph graph = BenchGraph.of(PipelineLoader.load(pipelineFile), experiments, files);
        Path root = tmp.resolve("root");
        RootGenerator.Generated generated = RootGenerator.generate(graph, root, builtSteps, touch);
        Plan plan = Invocation.status(Experiments.ALL).plan(Workspace.open(pipelineFile, Optional.of(root)), JobHistory.NONE);
        List<JobPlan> jobs = plan.jobs().stream().filter(j -> j.state() != JobState.NOT_APPLICABLE).toList();
        Set<String> toRun = plan.toRun().stream().map(j -> j.id().toString()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(0, plan.count(JobState.BLOCKED), "a generated root blocks nothing");

        // the generator's graph and expected answer (from what it wrote, and from the disk) are the planner's
        assertEquals(ids(jobs), graph.jobs().stream().map(BenchGraph.JobNode::id).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(toRun, new TreeSet<>(Staleness.toRun(Staleness.decide(graph, generated.times()))));
        assertEquals(toRun, new TreeSet<>(Staleness.toRun(Staleness.decide(graph, FileTimes.onDisk(root)))));

        Path makefile = write(graph, tmp.resolve("peers"), "Makefile");
        Path ninja = write(graph, tmp.resolve("peers"), "build.ninja");
        for (Path buildFile : List.of(makefile, ninja)) {
            List<BuildFiles.Declared> declared = buildFile.endsWith("Makefile") ? BuildFiles.makefile(buildFile) : BuildFiles.ninja(buildFile);
            assertSameJobs(jobs, declared, files, buildFile);
            assertEquals(toRun, new TreeSet<>(BuildFiles.wouldRun(declared, root)), buildFile + ": Make's rule on its jobs");
            Set<String> listed = new TreeSet<>();
            declared.forEach(d -> {
                listed.addAll(d.inputs());
                listed.addAll(d.outputs());
            });
            assertTrue(listed.containsAll(listing(root).stream().map(l -> l.substring(0, l.indexOf(' '))).toList()),
                    buildFile + " lists every file of the root");
        }
        if (MachineInfo.onPath("make")) {
            assertEquals(toRun, dryRun(List.of("make", "-n", "--no-print-directory", "-f", makefile.toString(), "-C", root.toString()),
                    MakefileWriter.LABEL), "make -n");
        }
        if (MachineInfo.onPath("ninja")) {
            assertEquals(toRun, dryRun(List.of("ninja", "-n", "-f", ninja.toString(), "-C", root.toString()), "] "), "ninja -n");
        }
        return plan;
    }

    /** Each declared job is one planner job: the same output artifacts and input artifacts, each directory with all its files. */
    private static void assertSameJobs(List<JobPlan> jobs, List<BuildFiles.Declared> declared, int files, Path buildFile) {
        assertEquals(jobs.size(), declared.size(), buildFile + ": job count");
        Map<String, JobPlan> byOutput = new HashMap<>();
        Map<String, Artifact> artifacts = new HashMap<>();
        for (JobPlan j : jobs) {
            j.job().outputs().forEach(a -> {
                byOutput.put(a.path(), j);
                artifacts.put(a.path(), a);
            });
            j.job().inputs().forEach(in -> in.sources().forEach(s -> artifacts.put(s.artifact().path(), s.artifact())));
        }
        Set<String> matched = new TreeSet<>();
        for (BuildFiles.Declared d : declared) {
            Set<Artifact> outs = artifactsOf(d.outputs(), artifacts, files, buildFile);
            JobPlan j = byOutput.get(outs.iterator().next().path());
            assertEquals(Set.copyOf(j.job().outputs()), outs, buildFile + ": outputs of " + j.id());
            Set<Artifact> ins = new LinkedHashSet<>();
            for (BoundInput in : j.job().inputs()) {
                in.sources().stream().map(Source::artifact).forEach(ins::add);
            }
            assertEquals(ins, artifactsOf(d.inputs(), artifacts, files, buildFile), buildFile + ": inputs of " + j.id());
            assertEquals(j.id().toString(), d.label(), buildFile + ": label");
            assertTrue(matched.add(j.id().toString()), buildFile + ": " + j.id() + " declared twice");
        }
    }

    /** The artifacts these files make up: a file artifact is itself, a directory or glob artifact all its files. */
    private static Set<Artifact> artifactsOf(Set<String> paths, Map<String, Artifact> artifacts, int files, Path buildFile) {
        Map<Artifact, Integer> count = new HashMap<>();
        for (String p : paths) {
            Artifact a = artifacts.get(p);
            if (a == null) {
                a = artifacts.get(p.substring(0, p.lastIndexOf('/')));
            }
            if (a == null) {
                a = artifacts.values().stream().filter(x -> x.kind() == ArtifactKind.GLOB && globMatches(x.path(), p)).findFirst()
                        .orElseThrow(() -> new AssertionError(buildFile + ": " + p + " belongs to no artifact the planner knows"));
            }
            count.merge(a, 1, Integer::sum);
        }
        count.forEach((a, n) -> assertEquals(a.kind() == ArtifactKind.FILE ? 1 : files, n, buildFile + ": files of " + a));
        return new LinkedHashSet<>(count.keySet());
    }

    private static boolean globMatches(String glob, String path) {
        return java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(path));
    }

    private static Set<String> dryRun(List<String> argv, String marker) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> argv + " failed: " + out);
        return out.lines().filter(l -> l.contains(marker)).map(l -> l.substring(l.indexOf(marker) + marker.length()).strip())
                .map(l -> l.startsWith(": job ") ? l.substring(": job ".length()) : l)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path write(BenchGraph graph, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        switch (name) {
            case "Makefile" -> MakefileWriter.write(graph, file, MakefileWriter.Recipe.LABEL);
            case "build.ninja" -> NinjaWriter.write(graph, file);
            default -> SnakefileWriter.write(graph, file);
        }
        return file;
    }

    private static Set<String> ids(List<JobPlan> jobs) {
        return jobs.stream().map(j -> j.id().toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every regular file under root as "relative/path mtime-seconds", sorted. */
    private static List<String> listing(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                out.add(root.relativize(p).toString().replace('\\', '/') + " " + Files.getLastModifiedTime(p).toMillis() / 1000);
            }
        }
        return out;
    }
}
