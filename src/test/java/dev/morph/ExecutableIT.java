package dev.morph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliEnvironment;
import dev.morph.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable the build ships ({@code target/morph}: launcher, shrunk jar with picocli recompiled,
 * class-data archive) against the classes the unit tests run: on the demo, every command answers the
 * same, byte for byte, and the archive maps. Run by failsafe after {@code package}.
 */
class ExecutableIT {
    private static final Path EXECUTABLE = Path.of(System.getProperty("morph.executable", "target/morph")).toAbsolutePath();
    private static final Path PIPELINE = Path.of("testdata/morph.yaml").toAbsolutePath();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    @Test
    void demo_everyCommand_answersAsTheUnitTestedClassesDo() throws Exception {
        Path root = demoRoot();
        Result run = shipped(Map.of(), "run", "e2e", "--run-id", "it");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("ALL_JOBS_SUCCEEDED"), run.out());

        List<List<String>> commands = List.of(List.of("status"), List.of("status", "--format", "json"), List.of("plan", "e2e", "--format", "json"),
                List.of("plan", "--force-step", "sam2", "-e", "20250501_24hpf_ctrl,20250515_30hpf_atf6"), List.of("graph"),
                List.of("graph", "--jobs", "--format", "mermaid"), List.of("runs", "show", "it", "--format", "json"),
                List.of("logs", "it"), List.of("logs", "it", "build04"), List.of("--help"), List.of("run", "--help"),
                List.of("status", "--format", "xml"), List.of("statsu"));
        for (List<String> command : commands) {
            Result shipped = shipped(Map.of(), command.toArray(String[]::new));
            Result classes = inProcess(root, command);
            assertEquals(classes, shipped, String.join(" ", command));
        }
    }

    @Test
    void archive_mapsIntoTheJvm() throws Exception {
        Path archive = Path.of(EXECUTABLE + ".jsa");
        assertTrue(Files.size(archive) > 0, "the build made no class-data archive: " + archive);
        // -Xshare:on makes the JVM fail instead of silently running without the archive
        Result r = shipped(Map.of("MORPH_JAVA_OPTS", "-Xshare:on -XX:+UseG1GC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss4m"), "--version");
        assertEquals(0, r.code(), r::toString);
        // the version comes from version.txt, as the jar manifest is not visible from the boot class path
        assertTrue(r.out().matches("morph \\d+\\.\\d+\\.\\d+\\S*\\R"), r::toString);
    }

    /**
     * A record's generated equals, hashCode and toString are linked on first use through
     * java.lang.runtime.ObjectMethods: about 20 ms of method-handle set-up that a short command pays once
     * (docs/performance.md, "Start-up"). The records status and plan compare write those methods out.
     */
    @Test
    void statusAndPlan_linkNoGeneratedRecordMethods() throws Exception {
        demoRoot();
        for (List<String> command : List.of(List.of("status"), List.of("plan", "e2e", "--dry-run"), List.of("plan", "--explain"))) {
            Result r = shipped(Map.of("JDK_JAVA_OPTIONS", "-Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true"),
                    command.toArray(String[]::new));
            assertEquals(0, r.code(), r::toString);
            List<String> linked = r.out().lines().filter(l -> l.startsWith("linkCallSite ") && l.contains("ObjectMethods.bootstrap"))
                    .map(l -> l.replaceAll(".*invokeStatic (\\w+\\([^)]*\\)).*", "$1")).toList();
            assertTrue(r.out().contains("linkCallSite "), "no call-site linkage traced; did the JVM ignore JDK_JAVA_OPTIONS?");
            assertEquals(List.of(), linked, String.join(" ", command) + " links a record's generated methods at start-up: write out "
                    + "equals and hashCode of these records, as JobId and Artifact do");
        }
    }

    private Path demoRoot() throws IOException, InterruptedException {
        Path root = tmp.resolve("demo");
        Process p = new ProcessBuilder("testdata/make-demo-root.sh", root.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "make-demo-root.sh failed");
        return root;
    }

    private Result shipped(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "-p", PIPELINE.toString(), "-r", tmp.resolve("demo").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        // the same environment as in-process: nothing of the caller's that morph or the JVM reads
        pb.environment().keySet().removeIf(k -> k.startsWith("MORPH_") || k.startsWith("LC_") || k.equals("JDK_JAVA_OPTIONS")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("NO_COLOR"));
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("TZ", "UTC");
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "morph did not finish: " + command);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Result inProcess(Path root, List<String> args) {
        List<String> all = new ArrayList<>(List.of("-p", PIPELINE.toString(), "-r", root.toString()));
        all.addAll(args);
        Map<String, String> env = new HashMap<>(Map.of("LANG", "C.UTF-8"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Main.run(new CliEnvironment(env, tmp, false, ZoneId.of("UTC")), o, e, all.toArray(String[]::new));
        }
        return new Result(code, out.toString(), err.toString());
    }
}
