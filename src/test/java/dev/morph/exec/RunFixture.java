package dev.morph.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morph.cli.CliEnvironment;
import dev.morph.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real data root in a temp directory with a pipeline written inline, and morph run on it — in this
 * JVM through {@link Main#run}, or as a separate process for signal tests. Jobs are real processes;
 * they leave evidence (event lines, pid files) that tests read instead of timing anything.
 */
public final class RunFixture {
    public static final ObjectMapper JSON = new ObjectMapper();

    public final Path dir;
    public final Path root;
    public final Path pipeline;

    /** The morph processes {@link #morphProcess} started, in order. */
    public final List<Process> started = new ArrayList<>();

    /** The output of one morph invocation. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public RunFixture(Path dir, String pipelineYaml) {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.pipeline = dir.resolve("pipeline.yaml");
        write(pipeline, pipelineYaml);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture over an existing pipeline file and data root (the demo's, say); {@code dir} holds morph's output files. */
    public RunFixture(Path dir, Path pipeline, Path root) {
        this.dir = dir;
        this.root = root;
        this.pipeline = pipeline;
    }

    /** A pipeline whose experiments are {@code raw/{exp}/} directories. {@code steps} is the YAML under {@code steps:}. */
    public static String pipeline(String steps) {
        return "experiments:\n  pattern: raw/{exp}/\nsteps:\n" + steps.indent(2);
    }

    /**
     * The YAML of the step {@code work}, for {@link #pipeline}: it reads the experiment's {@code raw/{exp}/}
     * as {@code data}, writes {@code out/{exp}.txt} as {@code out}, and runs {@code script} (shell lines)
     * as its {@code command: |} block.
     */
    public static String workStep(String script) {
        return """
                work:
                  inputs:
                    data: raw/{exp}/
                  outputs:
                    out: out/{exp}.txt
                  command: |
                """ + script.indent(4);
    }

    /**
     * Shell lines for {@link #workStep} that hold about 170 MB for two seconds in four processes of about
     * 42 MB ({@code tail} keeping input with no newline), then write the output: over a {@code mem: 100M}
     * on every executor (Grid Engine's address-space limit per process included, which a single
     * process would hit on its own), well under a {@code mem: 1G}.
     */
    public static final String HOLDS_170_MB = """
            for i in 1 2 3 4; do (head -c 40M /dev/zero; sleep 2) | tail > /dev/null & done
            wait
            echo done > {outputs.out}
            """;

    public RunFixture experiment(String name) {
        return file("raw/" + name + "/data.txt", name + "\n");
    }

    public RunFixture file(String relative, String content) {
        write(root.resolve(relative), content);
        return this;
    }

    public void mtime(String relative, long epochSeconds) {
        try {
            Files.setLastModifiedTime(root.resolve(relative), FileTime.fromMillis(epochSeconds * 1000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result morph(String... args) {
        List<String> all = new ArrayList<>(List.of("-p", pipeline.toString(), "-r", root.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(Map.of(), dir, false, ZoneId.of("UTC"));
        int code = Main.run(env, new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Starts morph as its own JVM (for signals), output to {@code NAME.out} and {@code NAME.err} in the
     * fixture directory; remembered in {@link #started}.
     */
    public Process morphProcess(String name, String... args) {
        return morphProcess(name, Map.of(), args);
    }

    /** {@link #morphProcess(String, String...)} with {@code env} added to (or replacing in) morph's environment. */
    public Process morphProcess(String name, Map<String, String> env, String... args) {
        return morphProcess(name, List.of(), env, args);
    }

    /**
     * morph as the leader of a session and process group of its own, as a shell starts a command in the
     * foreground: a terminal's Ctrl-C is {@code kill -INT -PID} to the whole group (see {@link #signalGroup}).
     */
    public Process morphGroupLeader(String name, String... args) {
        return morphProcess(name, List.of("setsid"), Map.of(), args);
    }

    private Process morphProcess(String name, List<String> prefix, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.morph.cli.Main", "-p", pipeline.toString(), "-r", root.toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().putAll(env);
            Process p = pb
                    .redirectOutput(dir.resolve(name + ".out").toFile())
                    .redirectError(dir.resolve(name + ".err").toFile())
                    .start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For an {@code @AfterEach}: SIGKILLs every morph process this fixture started and every job process
     * whose pid the jobs wrote into {@code pids/}.
     */
    public void killEverything() {
        started.forEach(p -> p.toHandle().destroyForcibly());
        Evidence.killLeftovers(Evidence.pids(root.resolve("pids")));
    }

    /** What the named morph processes printed ({@code NAME.out}, {@code NAME.err}), then {@code events.log}: for failure messages. */
    public String transcript(String... names) {
        StringBuilder s = new StringBuilder();
        for (String n : names) {
            s.append("--- ").append(n).append(".out\n").append(Evidence.text(dir.resolve(n + ".out")))
                    .append("--- ").append(n).append(".err\n").append(Evidence.text(dir.resolve(n + ".err")));
        }
        return s.append("--- events.log\n").append(String.join("\n", lines("events.log"))).toString();
    }

    public String read(String relative) {
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> lines(String relative) {
        Path p = root.resolve(relative);
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String relative) {
        return Files.exists(root.resolve(relative));
    }

    /** The only run's state.json, or the newest. */
    public JsonNode lastRunState() {
        try (Stream<Path> runs = Files.list(root.resolve(".morph/runs"))) {
            Path newest = runs.max(Path::compareTo).orElseThrow();
            return JSON.readTree(newest.resolve("state.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode runState(String runId) {
        try {
            return JSON.readTree(root.resolve(".morph/runs/" + runId + "/state.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode job(JsonNode state, String id) {
        return Evidence.jobEntry(state, id).orElseThrow(() -> new AssertionError("no job " + id + " in " + state));
    }

    public JsonNode planJson(String... args) {
        List<String> all = new ArrayList<>(List.of("plan", "--format", "json"));
        all.addAll(List.of(args));
        Result r = morph(all.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new AssertionError("plan failed: " + r);
        }
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reason codes of {@code job} in a {@code plan --format json} tree (empty if the job is not in the plan). */
    public static List<String> reasonCodes(JsonNode plan, String job) {
        List<String> out = new ArrayList<>();
        for (JsonNode j : plan.get("jobs")) {
            if (j.path("id").asText().equals(job)) {
                j.path("reasons").forEach(r -> out.add(r.path("code").asText()));
            }
        }
        return out;
    }

    /** The most jobs that were running at once, from "start X" / "end X" lines in {@code events}. */
    public static int maxConcurrent(List<String> events) {
        int now = 0;
        int max = 0;
        for (String e : events) {
            if (e.startsWith("start ")) {
                max = Math.max(max, ++now);
            } else if (e.startsWith("end ")) {
                now--;
            }
        }
        return max;
    }

    /** Waits (polling the file system, not a fixed sleep) until {@code relative} exists; fails after {@code seconds}. */
    public void awaitFile(String relative, int seconds) {
        Evidence.await(relative, seconds, () -> exists(relative), null);
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code signal} to every process in the process group that {@code leader} leads. */
    public static void signalGroup(Process leader, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + leader.pid()).inheritIO().start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public static void signal(Process p, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether a process runs (a zombie, dead but not yet reaped, does not count). */
    public static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return !Files.isDirectory(Path.of("/proc"));
        }
    }
}
