package dev.morph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The read-only guarantee of {@code status}, {@code plan} and {@code graph}: after any of them, every
 * path under the lab (pipeline file and data root) has the same type, size and mtime, and nothing new
 * exists — no {@code .morph/}, no directory made while computing a path. Checked on Jimfs and on a
 * real directory, with a data root holding up-to-date, stale, missing, blocked and not-applicable jobs.
 */
class ReadOnlyTest {
    private static final String PIPELINE = """
            name: readonly
            experiments:
              pattern: raw/{scope}/{exp}/
              ignore: [".*", "_*", "ignore*"]
            params:
              model: m1
            steps:
              prep:
                inputs:
                  raw: raw/{attr.scope}/{exp}/
                outputs:
                  out: prep/{exp}.csv
                command: [tool, prep, "{inputs.raw}", "{outputs.out}"]
              embed:
                inputs:
                  prep: {from: prep.out}
                  meta: meta/{exp}.txt
                outputs:
                  emb: embed/{params.model}/{exp}.csv
                command: [tool, embed, "{inputs.prep}", "{outputs.emb}"]
              qc:
                when:
                  scope: [b]
                inputs:
                  tifs: {glob: "raw/{attr.scope}/{exp}/*.tif"}
                outputs:
                  masks: qc/{exp}/
                command: "qc {inputs.tifs} > {outputs.masks}/log.txt"
              combine:
                scope: global
                inputs:
                  embs: {from: embed}
                outputs:
                  all: combined/all.csv
                command: [tool, combine, "{outputs.all}", "{inputs.embs}"]
              report:
                scope: global
                inputs:
                  all: {from: combine}
                  ref: ref/stages.csv
                outputs:
                  pdf: report/report.pdf
                command: [tool, report, "{inputs.all}", "{inputs.ref}"]
            """;

    @TempDir
    Path tmp;

    private FileSystem jimfs;

    @AfterEach
    void closeJimfs() throws IOException {
        if (jimfs != null) {
            jimfs.close();
        }
    }

    // ---------------------------------------------------------------- the lab

    private static Instant at(int day, int hour) {
        return Instant.parse(String.format("2025-01-%02dT%02d:00:00Z", day, hour));
    }

    private static void file(Path root, String relative, Instant mtime) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, relative + "\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(p, FileTime.from(mtime));
    }

    /**
     * {@code one} (a): raw newer than prep → stale chain; {@code two} (a): embed missing; {@code three} (b):
     * prep missing, embed blocked on meta, qc output an empty directory (a crashed job) → missing;
     * {@code four} (b): all up to date although its meta input is gone (a note). The global combine is
     * missing; report is blocked on ref/stages.csv. Directory mtimes are set last, explicitly.
     */
    private static Path createLab(Path base) throws IOException {
        Files.createDirectories(base);
        Files.writeString(base.resolve("pipe.yaml"), PIPELINE, StandardCharsets.UTF_8);
        Path root = base.resolve("root");
        file(root, "raw/a/20250101_one/img1.tif", at(5, 10));
        file(root, "raw/a/20250101_one/sub/img2.tif", at(1, 10));
        file(root, "raw/a/20250102_two/img1.tif", at(1, 9));
        file(root, "raw/b/20250103_three/img1.tif", at(1, 10));
        file(root, "raw/b/20250104_four/img1.tif", at(1, 10));
        file(root, "raw/a/.hidden/img1.tif", at(1, 10));
        file(root, "raw/b/_tmp/img1.tif", at(1, 10));
        file(root, "raw/b/IGNORE_me/img1.tif", at(1, 10));
        file(root, "meta/20250101_one.txt", at(1, 10));
        file(root, "meta/20250102_two.txt", at(1, 10));
        file(root, "prep/20250101_one.csv", at(2, 10));
        file(root, "prep/20250102_two.csv", at(2, 10));
        file(root, "prep/20250104_four.csv", at(2, 10));
        file(root, "embed/m1/20250101_one.csv", at(3, 10));
        file(root, "embed/m1/20250104_four.csv", at(3, 10));
        file(root, "qc/20250104_four/mask.png", at(3, 10));
        Files.createDirectories(root.resolve("qc/20250103_three"));
        Files.createDirectories(root.resolve("combined"));
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.filter(Files::isDirectory).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(at(1, 1)));
            }
        }
        return base;
    }

    private Path lab(String where) throws IOException {
        if (where.equals("jimfs")) {
            jimfs = Jimfs.newFileSystem(Configuration.unix());
            return createLab(jimfs.getPath("/lab"));
        }
        return createLab(tmp.resolve("lab"));
    }

    // ---------------------------------------------------------------- snapshots

    /** One path's type, size and mtime; directories included. */
    private record Entry(String type, long size, FileTime mtime) {
    }

    private static Map<String, Entry> snapshot(Path base) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String type = a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : a.isSymbolicLink() ? "link" : "other";
                out.put(base.relativize(p).toString(), new Entry(type, a.size(), a.lastModifiedTime()));
            }
        }
        return out;
    }

    private static void assertUnchanged(Map<String, Entry> before, Map<String, Entry> after, String what) {
        Set<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        assertTrue(added.isEmpty(), () -> what + " created " + added);
        assertTrue(removed.isEmpty(), () -> what + " removed " + removed);
        for (Map.Entry<String, Entry> e : before.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), () -> what + " changed " + e.getKey());
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Path cwd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("-p", "pipe.yaml", "-r", "root"));
        all.addAll(List.of(args));
        CliEnvironment env = new CliEnvironment(Map.of("LANG", "C.UTF-8"), cwd, false, ZoneId.of("UTC"));
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            int code = Main.run(env, o, e, all.toArray(String[]::new));
            o.flush();
            e.flush();
            return new Result(code, out.toString(), err.toString());
        }
    }

    // ---------------------------------------------------------------- the guarantee

    static Stream<Arguments> commands() {
        List<List<String>> commands = List.of(
                List.of("status"),
                List.of("status", "--format", "json"),
                List.of("status", "--all"),
                List.of("status", "-e", "20250103_three"),
                List.of("status", "--later-than", "20250101", "--earlier-than", "20250104"),
                List.of("plan"),
                List.of("plan", "--dry-run"),
                List.of("plan", "--format", "json"),
                List.of("plan", "--force"),
                List.of("plan", "--force", "--format", "json"),
                List.of("plan", "--force-step", "prep"),
                List.of("plan", "embed", "-e", "20250101_one,20250104_four"),
                List.of("plan", "qc", "--only", "--format", "json"),
                List.of("plan", "report", "--later-than", "20250102"),
                List.of("plan", "--param", "model=m2", "--format", "json"),
                List.of("plan", "--rerun-triggers", "mtime"),
                List.of("graph"),
                List.of("graph", "--format", "mermaid"),
                List.of("graph", "--jobs"),
                List.of("graph", "--jobs", "--format", "mermaid", "-e", "20250103_three"),
                List.of("plan", "no_such_step"),
                List.of("status", "-e", "20250199_nobody"),
                List.of("plan", "--later-than", "2025-01-01"));
        List<Arguments> out = new ArrayList<>();
        for (String where : List.of("jimfs", "disk")) {
            for (List<String> c : commands) {
                boolean error = c.contains("no_such_step") || c.contains("20250199_nobody") || c.contains("2025-01-01");
                out.add(Arguments.of(where, error ? 2 : 0, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: morph {2}")
    @MethodSource("commands")
    void readOnlyCommand_leavesEveryPathUnchanged(String where, int exitCode, List<String> args) throws IOException {
        Path base = lab(where);
        Map<String, Entry> before = snapshot(base);

        Result r = run(base, args.toArray(String[]::new));

        assertEquals(exitCode, r.code(), () -> "exit code of " + args + "; err:\n" + r.err());
        if (exitCode == 0) {
            assertFalse(r.out().isBlank(), "it printed something");
        }
        assertUnchanged(before, snapshot(base), "morph " + String.join(" ", args));
        assertFalse(Files.exists(base.resolve("root/.morph")), ".morph/ in the data root");
        assertFalse(Files.exists(base.resolve(".morph")), ".morph/ next to the pipeline");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"jimfs", "disk"})
    void everyCommandInTurn_leavesTheTreeAsItWas(String where) throws IOException {
        Path base = lab(where);
        Map<String, Entry> before = snapshot(base);

        for (Arguments a : commands().toList()) {
            if (a.get()[0].equals(where)) {
                @SuppressWarnings("unchecked")
                List<String> args = (List<String>) a.get()[2];
                run(base, args.toArray(String[]::new));
            }
        }

        assertUnchanged(before, snapshot(base), "the whole command list");
    }

    /** The lab really exercises every state, so the guarantee covers every code path that decides one. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"jimfs", "disk"})
    void lab_coversEveryJobState(String where) throws IOException {
        Path base = lab(where);

        Result r = run(base, "status", "--format", "json");

        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        Set<String> states = new TreeSet<>();
        j.get("experiments").forEach(e -> e.get("steps").forEach(s -> states.add(s.get("state").asText())));
        j.get("global").forEach(g -> states.add(g.get("state").asText()));
        assertEquals(Set.of("up-to-date", "stale", "missing", "blocked", "n/a"), states);
        assertEquals("blocked", j.get("global").get(1).get("state").asText(), "report waits for ref/stages.csv");
        Result table = run(base, "status");
        assertTrue(table.out().contains("embed/20250104_four is up to date, but its input meta/20250104_four.txt is gone"),
                "the note about a gone input is printed:\n" + table.out());
        assertTrue(table.out().contains("20250103_three: embed misses meta/20250103_three.txt"), table.out());
    }

    @Test
    void snapshot_seesAChangedMtime() throws IOException {
        Path base = lab("disk");
        Map<String, Entry> before = snapshot(base);

        Files.setLastModifiedTime(base.resolve("root/combined"), FileTime.from(at(9, 9)));

        assertFalse(before.equals(snapshot(base)), "the snapshot must notice a directory's mtime changing");
    }
}
