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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI driven in-process through {@link Main#run}: output formats, colours, defaults and every
 * error path, on data roots on a real temporary directory (and Jimfs) with files at explicit mtimes.
 */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- fixture

    /**
     * A lab directory holding {@code pipe.yaml} and a data root {@code root/} with three experiments:
     * <ul>
     *   <li>{@code 20250101_one} (scope a): raw image newer than prep's output → prep stale, embed stale upstream;</li>
     *   <li>{@code 20250102_two} (scope a): prep up to date, embed output missing;</li>
     *   <li>{@code 20250103_three} (scope b): prep output missing, embed blocked (meta missing);</li>
     * </ul>
     * and the global {@code combine} missing its output. Plus directories discovery must ignore.
     */
    static final class Lab {
        static final String PIPELINE = """
                name: mini
                experiments:
                  pattern: raw/{scope}/{exp}/
                  ignore: [".*", "_*", "ignore*"]
                params:
                  model: m1
                steps:
                  prep:
                    aliases: [p]
                    inputs:
                      raw: raw/{attr.scope}/{exp}/
                    outputs:
                      out: prep/{exp}.csv
                    command: [tool, prep, "{exp}", "{inputs.raw}", "{outputs.out}"]
                  embed:
                    aliases: [emb]
                    inputs:
                      prep: {from: prep.out}
                      meta: meta/{exp}.txt
                    outputs:
                      emb: embed/{params.model}/{exp}.csv
                    command: [tool, embed, --model, "{params.model}", "{inputs.prep}", "{outputs.emb}"]
                  combine:
                    scope: global
                    inputs:
                      embs: {from: embed}
                    outputs:
                      all: combined/all.csv
                    command: [tool, combine, "{outputs.all}", "{inputs.embs}"]
                """;

        static final String ONE = "20250101_one";
        static final String TWO = "20250102_two";
        static final String THREE = "20250103_three";

        /** 2025-01-{day} {hour}:00 UTC. */
        static Instant at(int day, int hour) {
            return Instant.parse(String.format("2025-01-%02dT%02d:00:00Z", day, hour));
        }

        static void file(Path root, String relative, Instant mtime) {
            try {
                Path p = root.resolve(relative);
                Files.createDirectories(p.getParent());
                Files.writeString(p, relative + "\n", StandardCharsets.UTF_8);
                Files.setLastModifiedTime(p, FileTime.from(mtime));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void text(Path p, String content) {
            try {
                Files.createDirectories(p.getParent());
                Files.writeString(p, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes {@code base/pipe.yaml} and {@code base/root/…}; returns {@code base}. */
        static Path create(Path base) {
            text(base.resolve("pipe.yaml"), PIPELINE);
            Path root = base.resolve("root");
            file(root, "raw/a/" + ONE + "/img.tif", at(5, 10));
            file(root, "raw/a/" + TWO + "/img.tif", at(1, 9));
            file(root, "raw/b/" + THREE + "/img.tif", at(1, 10));
            file(root, "raw/a/.hidden/img.tif", at(1, 10));
            file(root, "raw/a/_scratch/img.tif", at(1, 10));
            file(root, "raw/b/IGNORE_old/img.tif", at(1, 10));
            file(root, "meta/" + ONE + ".txt", at(1, 10));
            file(root, "meta/" + TWO + ".txt", at(1, 10));
            file(root, "prep/" + ONE + ".csv", at(2, 10));
            file(root, "prep/" + TWO + ".csv", at(2, 10));
            file(root, "embed/m1/" + ONE + ".csv", at(3, 10));
            try {
                Files.createDirectories(root.resolve("combined"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return base;
        }
    }

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }

        List<String> outLines() {
            return List.of(out.split("\\R"));
        }
    }

    static CliEnvironment env(Path cwd) {
        return env(cwd, Map.of(), false);
    }

    static CliEnvironment env(Path cwd, Map<String, String> vars, boolean terminal) {
        return new CliEnvironment(vars, cwd, terminal, ZoneId.of("UTC"));
    }

    static Result run(CliEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            int code = Main.run(environment, o, e, args);
            o.flush();
            e.flush();
            return new Result(code, out.toString(), err.toString());
        }
    }

    private Path lab() {
        return Lab.create(tmp);
    }

    private String root() {
        return tmp.resolve("root").toAbsolutePath().normalize().toString();
    }

    /** Runs in the lab with {@code -p pipe.yaml -r root} before the given arguments. */
    private Result morph(String... args) {
        return morphIn(env(lab()), args);
    }

    private static Result morphIn(CliEnvironment environment, String... args) {
        List<String> all = new ArrayList<>(List.of("-p", "pipe.yaml", "-r", "root"));
        all.addAll(List.of(args));
        return run(environment, all.toArray(String[]::new));
    }

    private static Result ok(Result r) {
        assertEquals(0, r.code(), () -> "exit code; err:\n" + r.err() + "\nout:\n" + r.out());
        assertEquals("", r.err(), "nothing on stderr");
        return r;
    }

    private static JsonNode json(Result r) {
        try {
            return JSON.readTree(ok(r).out());
        } catch (IOException e) {
            throw new AssertionError("not JSON:\n" + r.out(), e);
        }
    }

    private static void assertNoStackTrace(String err) {
        assertFalse(err.contains("\tat "), () -> "stack trace without --verbose:\n" + err);
        assertFalse(err.contains("Exception"), () -> "exception class name without --verbose:\n" + err);
    }

    /** Exit 2, nothing on stdout, exactly one {@code morph: error:} line holding every fragment, no stack trace. */
    private static String assertUsageError(Result r, String... fragments) {
        assertEquals(2, r.code(), () -> "exit code; err:\n" + r.err());
        assertEquals(1, r.errLines().size(), () -> "exactly one line on stderr, got:\n" + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("morph: error: "), line);
        for (String f : fragments) {
            assertTrue(line.contains(f), () -> "'" + f + "' missing from: " + line);
        }
        assertNoStackTrace(r.err());
        assertEquals("", r.out().strip(), "nothing on stdout for an error");
        return line;
    }

    private static boolean hasLine(Result r, String regex) {
        Pattern p = Pattern.compile(regex);
        return r.outLines().stream().anyMatch(l -> p.matcher(l).matches());
    }

    private static void assertLine(Result r, String regex) {
        assertTrue(hasLine(r, regex), () -> "no line matching /" + regex + "/ in:\n" + r.out());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ---------------------------------------------------------------- status

    @Test
    void status_table_showsEachExperimentsStatePerStep() {
        Result r = ok(morph("status"));

        assertEquals("mini · data root " + root() + " · 3 experiments", r.outLines().get(0));
        assertLine(r, "EXPERIMENT\\s+SCOPE\\s+prep\\s+embed");
        // ASCII symbols without a UTF-8 locale: = up to date, ~ stale, + missing, x blocked
        assertLine(r, Lab.ONE + "\\s+a\\s+~\\s+~");
        assertLine(r, Lab.TWO + "\\s+a\\s+=\\s+\\+");
        assertLine(r, Lab.THREE + "\\s+b\\s+\\+\\s+x");
        assertFalse(r.out().contains("_scratch") || r.out().contains(".hidden") || r.out().contains("IGNORE_old"),
                "ignored names are not experiments");
    }

    @Test
    void status_table_showsGlobalStepsCountsBottleneckAndBlocked() {
        Result r = ok(morph("status"));

        assertLine(r, "combine\\s+missing\\s+output combined/all\\.csv does not exist; 2 upstream jobs will run");
        assertLine(r, "\\s+reads embs of 2 of 3 experiments; left out: " + Lab.THREE);
        assertLine(r, "prep\\s+1 \\(33%\\)\\s+1 \\(33%\\)\\s+1 \\(33%\\)\\s+0 \\(0%\\)");
        assertLine(r, "embed\\s+0 \\(0%\\)\\s+1 \\(33%\\)\\s+1 \\(33%\\)\\s+1 \\(33%\\)");
        assertTrue(r.out().contains("Bottleneck: prep is the first step not up to date for 2 of 3 experiments."), r.out());
        assertLine(r, "\\s+" + Lab.THREE + ": embed misses meta/" + Lab.THREE + "\\.txt");
    }

    @Test
    void status_json_hasStatesPerExperimentAndStepAndSummaryCounts() {
        JsonNode j = json(morph("status", "--format", "json"));

        Map<String, Map<String, String>> states = new LinkedHashMap<>();
        for (JsonNode e : j.get("experiments")) {
            Map<String, String> perStep = new LinkedHashMap<>();
            e.get("steps").fields().forEachRemaining(s -> perStep.put(s.getKey(), s.getValue().get("state").asText()));
            states.put(e.get("name").asText(), perStep);
        }
        assertEquals(Map.of(
                Lab.ONE, Map.of("prep", "stale", "embed", "stale"),
                Lab.TWO, Map.of("prep", "up-to-date", "embed", "missing"),
                Lab.THREE, Map.of("prep", "missing", "embed", "blocked")), states);
        assertEquals(List.of(Lab.ONE, Lab.TWO, Lab.THREE), new ArrayList<>(states.keySet()), "experiments by name");

        JsonNode first = j.get("experiments").get(0);
        assertEquals("a", first.get("attributes").get("scope").asText());
        assertEquals("2025-01-01", first.get("date").asText());

        JsonNode global = j.get("global");
        assertEquals(1, global.size());
        assertEquals("combine", global.get(0).get("step").asText());
        assertEquals("missing", global.get(0).get("state").asText());
        assertEquals(List.of(Lab.ONE, Lab.TWO), texts(global.get(0).get("experiments").get("embs").get("included")));
        assertTrue(global.get(0).get("experiments").get("embs").get("excluded").has(Lab.THREE));

        JsonNode summary = j.get("summary");
        assertEquals(3, summary.get("experiments").asInt());
        JsonNode prep = summary.get("steps").get("prep");
        assertEquals(1, prep.get("up_to_date").asInt());
        assertEquals(1, prep.get("stale").asInt());
        assertEquals(1, prep.get("missing").asInt());
        assertEquals(0, prep.get("blocked").asInt());
        assertEquals(3, prep.get("total").asInt());
        JsonNode embed = summary.get("steps").get("embed");
        assertEquals(0, embed.get("up_to_date").asInt());
        assertEquals(1, embed.get("stale").asInt());
        assertEquals(1, embed.get("missing").asInt());
        assertEquals(1, embed.get("blocked").asInt());
        assertEquals("prep", summary.get("bottleneck").get("step").asText());
        assertEquals(2, summary.get("bottleneck").get("experiments").asInt());
    }

    @Test
    void status_json_reasonsNameInputOutputAndBothTimes() {
        JsonNode j = json(morph("status", "--format", "json"));

        JsonNode reasons = j.get("experiments").get(0).get("steps").get("prep").get("reasons");
        assertEquals(1, reasons.size(), reasons.toString());
        JsonNode r = reasons.get(0);
        assertEquals("INPUT_NEWER", r.get("code").asText());
        assertEquals("raw/a/" + Lab.ONE + "/img.tif", r.get("input").asText());
        assertEquals("2025-01-05T10:00:00Z", r.get("input_mtime").asText());
        assertEquals("prep/" + Lab.ONE + ".csv", r.get("output").asText());
        assertEquals("2025-01-02T10:00:00Z", r.get("output_mtime").asText());

        JsonNode blocked = j.get("experiments").get(2).get("steps").get("embed");
        assertEquals(List.of("meta/" + Lab.THREE + ".txt"), texts(blocked.get("missing")));
    }

    @Test
    void status_selection_limitsRowsButNotGlobalJobs() {
        JsonNode j = json(morph("status", "--format", "json", "-e", Lab.TWO));

        assertEquals(1, j.get("experiments").size());
        assertEquals(Lab.TWO, j.get("experiments").get(0).get("name").asText());
        assertEquals(1, j.get("global").size(), "global jobs still see every experiment");
        assertEquals(List.of(Lab.ONE, Lab.TWO), texts(j.get("global").get(0).get("experiments").get("embs").get("included")));
    }

    @Test
    void status_dateRange_selectsExperimentsStrictlyBetween() {
        JsonNode j = json(morph("status", "--format", "json", "--later-than", "20250101", "--earlier-than", "20250103"));

        List<String> names = new ArrayList<>();
        j.get("experiments").forEach(e -> names.add(e.get("name").asText()));
        assertEquals(List.of(Lab.TWO), names);
    }

    @Test
    void status_onJimfs_matchesRealDirectory() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path jimLab = Lab.create(fs.getPath("/lab"));
            Result onJimfs = morphIn(env(jimLab), "status", "--format", "json");
            Result onDisk = morph("status", "--format", "json");

            assertEquals(json(onDisk), json(onJimfs));
            Result table = ok(morphIn(env(jimLab), "status"));
            assertEquals("mini · data root /lab/root · 3 experiments", table.outLines().get(0));
        }
    }

    @Test
    void status_moreThan50Experiments_groupsRowsByState() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path base = manyExperiments(fs.getPath("/lab"), 55);
            Result r = ok(morphIn(env(base), "status"));

            assertLine(r, "EXPERIMENTS\\s+prep\\s+embed");
            assertLine(r, "35 experiments\\s+\\+\\s+x\\s+20250201_e00, 20250201_e01, 20250201_e02, … and 32 more");
            assertLine(r, "20 experiments\\s+\\+\\s+\\+\\s+.*");
            assertTrue(r.out().contains("(55 experiments grouped by state; --all lists each one)"), r.out());
            assertFalse(hasLine(r, "20250201_e40\\s.*"), "grouped rows do not list experiments one per line");
        }
    }

    @Test
    void status_moreThan50ExperimentsWithAll_listsEachOne() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path base = manyExperiments(fs.getPath("/lab"), 55);
            Result r = ok(morphIn(env(base), "status", "--all"));

            for (int i = 0; i < 55; i++) {
                String name = String.format("20250201_e%02d", i);
                String state = i < 35 ? "\\+\\s+x" : "\\+\\s+\\+";
                assertLine(r, name + "\\s+a\\s+" + state);
            }
            assertFalse(r.out().contains("grouped by state"), r.out());
        }
    }

    @Test
    void status_exactly50Experiments_listsEachOne() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path base = manyExperiments(fs.getPath("/lab"), 50);
            Result r = ok(morphIn(env(base), "status"));

            assertLine(r, "20250201_e49\\s+a\\s+\\+\\s+\\+");
            assertFalse(r.out().contains("grouped by state"), r.out());
        }
    }

    /** {@code n} experiments with raw data only; those from e35 on also have their meta file. */
    private static Path manyExperiments(Path base, int n) {
        Lab.text(base.resolve("pipe.yaml"), Lab.PIPELINE);
        Path root = base.resolve("root");
        for (int i = 0; i < n; i++) {
            String exp = String.format("20250201_e%02d", i);
            Lab.file(root, "raw/a/" + exp + "/img.tif", Lab.at(1, 10));
            if (i >= 35) {
                Lab.file(root, "meta/" + exp + ".txt", Lab.at(1, 10));
            }
        }
        return base;
    }

    // ---------------------------------------------------------------- plan

    @Test
    void plan_dryRunText_listsJobsInOrderWithReasonsAndCommands() {
        Result r = ok(morph("plan", "--dry-run"));
        String root = root();

        String expected = String.join("\n",
                "1. prep[" + Lab.ONE + "]",
                "     why: input raw/a/" + Lab.ONE + "/img.tif (2025-01-05 10:00:00.000) is newer than output prep/" + Lab.ONE
                        + ".csv (2025-01-02 10:00:00.000)",
                "     run: tool prep " + Lab.ONE + " " + root + "/raw/a/" + Lab.ONE + " " + root + "/prep/" + Lab.ONE + ".csv",
                "2. prep[" + Lab.THREE + "]",
                "     why: output prep/" + Lab.THREE + ".csv does not exist",
                "     run: tool prep " + Lab.THREE + " " + root + "/raw/b/" + Lab.THREE + " " + root + "/prep/" + Lab.THREE + ".csv",
                "3. embed[" + Lab.ONE + "]",
                "     why: upstream job prep[" + Lab.ONE + "] will run (because input raw/a/" + Lab.ONE
                        + "/img.tif (2025-01-05 10:00:00.000) is newer than output prep/" + Lab.ONE + ".csv (2025-01-02 10:00:00.000))",
                "     run: tool embed --model m1 " + root + "/prep/" + Lab.ONE + ".csv " + root + "/embed/m1/" + Lab.ONE + ".csv",
                "4. embed[" + Lab.TWO + "]",
                "     why: output embed/m1/" + Lab.TWO + ".csv does not exist");
        assertTrue(r.out().replace("\r\n", "\n").startsWith(expected), () -> "expected the plan to start with:\n" + expected + "\ngot:\n" + r.out());
        assertLine(r, "5\\. combine");
        assertLine(r, "\\s+why: output combined/all\\.csv does not exist");
        assertLine(r, "\\s+reads embs of 2 experiment\\(s\\); left out: " + Lab.THREE + " \\(blocked: missing meta/" + Lab.THREE + "\\.txt\\)");
        assertTrue(r.out().contains("     run: tool combine " + root + "/combined/all.csv " + root + "/embed/m1/" + Lab.ONE + ".csv "
                + root + "/embed/m1/" + Lab.TWO + ".csv\n"), r.out());
        assertLine(r, "\\s+embed\\[" + Lab.THREE + "\\]\\s+missing meta/" + Lab.THREE + "\\.txt");
        assertEquals("5 jobs to run, 1 blocked, 1 up to date.", r.outLines().get(r.outLines().size() - 1));
    }

    @Test
    void plan_withoutDryRun_isTheSameDryPlan() {
        assertEquals(ok(morph("plan", "--dry-run")).out(), ok(morph("plan")).out());
    }

    @Test
    void plan_json_hasExactlyJobsBlockedAndSummary() {
        JsonNode j = json(morph("plan", "--format", "json"));
        String root = root();

        assertEquals(List.of("jobs", "blocked", "summary"), fieldNames(j));
        List<String> ids = new ArrayList<>();
        for (JsonNode job : j.get("jobs")) {
            ids.add(job.get("id").asText());
            assertTrue(fieldNames(job).containsAll(List.of("id", "step", "experiment", "reasons", "command")), job.toString());
            assertTrue(job.get("step").isTextual());
            assertTrue(job.get("reasons").isArray() && job.get("reasons").size() > 0, job.toString());
            job.get("reasons").forEach(reason -> assertTrue(reason.get("code").isTextual(), reason.toString()));
            assertTrue(job.get("command").isArray());
            job.get("command").forEach(arg -> assertTrue(arg.isTextual(), job.toString()));
        }
        assertEquals(List.of("prep[" + Lab.ONE + "]", "prep[" + Lab.THREE + "]", "embed[" + Lab.ONE + "]", "embed[" + Lab.TWO + "]",
                "combine"), ids);

        JsonNode prepOne = j.get("jobs").get(0);
        assertEquals("prep", prepOne.get("step").asText());
        assertEquals(Lab.ONE, prepOne.get("experiment").asText());
        assertEquals(List.of("tool", "prep", Lab.ONE, root + "/raw/a/" + Lab.ONE, root + "/prep/" + Lab.ONE + ".csv"),
                texts(prepOne.get("command")));
        JsonNode reason = prepOne.get("reasons").get(0);
        assertEquals("INPUT_NEWER", reason.get("code").asText());
        assertEquals("raw/a/" + Lab.ONE + "/img.tif", reason.get("input").asText());
        assertEquals("prep/" + Lab.ONE + ".csv", reason.get("output").asText());

        JsonNode embedOne = j.get("jobs").get(2);
        assertEquals("UPSTREAM_WILL_RUN", embedOne.get("reasons").get(0).get("code").asText());
        assertEquals("prep[" + Lab.ONE + "]", embedOne.get("reasons").get(0).get("job").asText());

        JsonNode combine = j.get("jobs").get(4);
        assertTrue(combine.get("experiment").isNull(), "a global job's experiment is null: " + combine);
        assertEquals("combine", combine.get("step").asText());
        assertEquals(List.of("tool", "combine", root + "/combined/all.csv", root + "/embed/m1/" + Lab.ONE + ".csv",
                root + "/embed/m1/" + Lab.TWO + ".csv"), texts(combine.get("command")));
        Set<String> codes = new TreeSet<>();
        combine.get("reasons").forEach(x -> codes.add(x.get("code").asText()));
        assertEquals(Set.of("MISSING_OUTPUT", "UPSTREAM_WILL_RUN"), codes);

        JsonNode blocked = j.get("blocked");
        assertEquals(1, blocked.size());
        JsonNode b = blocked.get(0);
        assertTrue(fieldNames(b).containsAll(List.of("id", "step", "experiment", "missing")), b.toString());
        assertEquals("embed[" + Lab.THREE + "]", b.get("id").asText());
        assertEquals("embed", b.get("step").asText());
        assertEquals(Lab.THREE, b.get("experiment").asText());
        assertEquals(List.of("meta/" + Lab.THREE + ".txt"), texts(b.get("missing")));

        JsonNode summary = j.get("summary");
        assertTrue(summary.isObject());
        assertEquals(5, summary.get("to_run").asInt());
        assertEquals(1, summary.get("blocked").asInt());
        assertEquals(1, summary.get("up_to_date").asInt());
        assertEquals(7, summary.get("total").asInt());
    }

    @Test
    void plan_targetStep_bringsOnlyItsUpstream() {
        JsonNode j = json(morph("plan", "emb", "--format", "json", "-e", Lab.TWO));

        List<String> ids = new ArrayList<>();
        j.get("jobs").forEach(job -> ids.add(job.get("id").asText()));
        assertEquals(List.of("embed[" + Lab.TWO + "]"), ids, "target by alias; prep[two] is up to date; no combine");
        assertEquals(1, j.get("summary").get("up_to_date").asInt());
    }

    @Test
    void plan_force_forcesEveryJobOfTheTarget() {
        Result r = ok(morph("plan", "prep", "--force"));

        assertLine(r, "\\d\\. prep\\[" + Lab.TWO + "\\]");
        assertTrue(r.out().contains("why: forced by --force"), r.out());
        assertEquals("3 jobs to run, 0 blocked, 0 up to date.", r.outLines().get(r.outLines().size() - 1));
    }

    @Test
    void plan_forceStep_runsDownstreamByUpstreamWillRun() {
        JsonNode j = json(morph("plan", "--force-step", "prep", "--format", "json", "-e", Lab.TWO));

        Map<String, JsonNode> byId = new HashMap<>();
        j.get("jobs").forEach(job -> byId.put(job.get("id").asText(), job));
        assertEquals("FORCED", byId.get("prep[" + Lab.TWO + "]").get("reasons").get(0).get("code").asText());
        assertTrue(byId.containsKey("embed[" + Lab.TWO + "]"), j.toString());
    }

    @Test
    void plan_param_changesPathsAndCommands() {
        Result r = ok(morph("plan", "--param", "model=m2", "-e", Lab.ONE));

        assertTrue(r.out().contains("why: output embed/m2/" + Lab.ONE + ".csv does not exist"), r.out());
        assertTrue(r.out().contains("run: tool embed --model m2 "), r.out());
    }

    @Test
    void plan_nothingToDo_saysSo() throws IOException {
        lab();
        Path root = tmp.resolve("root");
        Lab.file(root, "prep/" + Lab.ONE + ".csv", Lab.at(6, 10));
        Lab.file(root, "embed/m1/" + Lab.ONE + ".csv", Lab.at(7, 10));

        Result r = ok(morphIn(env(tmp), "plan", "prep", "-e", Lab.ONE));

        assertEquals("Nothing to do, 0 blocked, 1 up to date.", r.out().strip());
    }

    // ---------------------------------------------------------------- graph

    private static final Pattern DOT_NODE = Pattern.compile("\\s*(n\\d+) \\[ label=\"([^\"]*)\"(.*)\\];");
    private static final Pattern DOT_EDGE = Pattern.compile("\\s*(n\\d+) -> (n\\d+);");
    private static final Pattern MERMAID_NODE = Pattern.compile("\\s*(n\\d+)(\\[\\[?)\"([^\"]*)\"\\]\\]?");
    private static final Pattern MERMAID_EDGE = Pattern.compile("\\s*(n\\d+) --> (n\\d+)");

    /** Label → the rest of its DOT node line (attributes), and the edges as "from -> to" labels. */
    private record Drawn(Map<String, String> nodes, Set<String> edges) {
    }

    private static Drawn dot(String text) {
        Map<String, String> labels = new HashMap<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        Set<String> edges = new TreeSet<>();
        for (String line : text.split("\\R")) {
            Matcher n = DOT_NODE.matcher(line);
            Matcher e = DOT_EDGE.matcher(line);
            if (n.matches()) {
                labels.put(n.group(1), n.group(2));
                nodes.put(n.group(2), n.group(3));
            } else if (e.matches()) {
                edges.add(labels.get(e.group(1)) + " -> " + labels.get(e.group(2)));
            }
        }
        return new Drawn(nodes, edges);
    }

    private static Drawn mermaid(String text) {
        Map<String, String> labels = new HashMap<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        Set<String> edges = new TreeSet<>();
        for (String line : text.split("\\R")) {
            Matcher n = MERMAID_NODE.matcher(line);
            Matcher e = MERMAID_EDGE.matcher(line);
            if (e.matches()) {
                edges.add(labels.get(e.group(1)) + " -> " + labels.get(e.group(2)));
            } else if (n.matches()) {
                labels.put(n.group(1), n.group(3));
                nodes.put(n.group(3), n.group(2).equals("[[") ? "box" : "round");
            }
        }
        return new Drawn(nodes, edges);
    }

    @Test
    void graph_dot_drawsStepsAndDependencies() {
        Result r = ok(morph("graph"));
        Drawn d = dot(r.out());

        assertTrue(r.out().startsWith("strict digraph \"mini\" {") || r.out().startsWith("digraph \"mini\" {"), r.out());
        assertEquals(Set.of("prep", "embed", "combine"), d.nodes().keySet());
        assertEquals(Set.of("prep -> embed", "embed -> combine"), d.edges());
        assertTrue(d.nodes().get("prep").contains("shape=\"ellipse\""), d.nodes().toString());
        assertTrue(d.nodes().get("combine").contains("shape=\"box\""), "global steps are boxes: " + d.nodes());
        assertTrue(r.out().strip().endsWith("}"));
    }

    @Test
    void graph_mermaid_drawsStepsAndDependencies() {
        Result r = ok(morph("graph", "--format", "mermaid"));
        Drawn d = mermaid(r.out());

        assertEquals("flowchart LR", r.outLines().get(0));
        assertEquals(Map.of("prep", "round", "embed", "round", "combine", "box"), d.nodes());
        assertEquals(Set.of("prep -> embed", "embed -> combine"), d.edges());
    }

    @Test
    void graph_stepGraph_needsNoDataRoot() {
        lab();
        Result r = ok(run(env(tmp), "-p", "pipe.yaml", "graph"));

        assertEquals(Set.of("prep", "embed", "combine"), dot(r.out()).nodes().keySet());
    }

    @Test
    void graph_jobs_drawsOneNodePerJobColouredByState() {
        Result r = ok(morph("graph", "--jobs"));
        Drawn d = dot(r.out());

        assertEquals(Set.of("prep[" + Lab.ONE + "]", "prep[" + Lab.TWO + "]", "prep[" + Lab.THREE + "]", "embed[" + Lab.ONE + "]",
                "embed[" + Lab.TWO + "]", "embed[" + Lab.THREE + "]", "combine"), d.nodes().keySet());
        Map<String, String> colour = Map.of("prep[" + Lab.ONE + "]", "khaki", "prep[" + Lab.TWO + "]", "palegreen",
                "prep[" + Lab.THREE + "]", "lightblue", "embed[" + Lab.TWO + "]", "lightblue", "embed[" + Lab.THREE + "]", "salmon",
                "combine", "lightblue");
        colour.forEach((job, c) -> assertTrue(d.nodes().get(job).contains("fillcolor=\"" + c + "\""), job + ": " + d.nodes().get(job)));
        assertTrue(d.nodes().get("combine").contains("shape=\"box\""));
        for (String exp : List.of(Lab.ONE, Lab.TWO, Lab.THREE)) {
            assertTrue(d.edges().contains("prep[" + exp + "] -> embed[" + exp + "]"), d.edges().toString());
        }
        assertTrue(d.edges().contains("embed[" + Lab.ONE + "] -> combine"), d.edges().toString());
        assertTrue(d.edges().contains("embed[" + Lab.TWO + "] -> combine"), d.edges().toString());
        assertFalse(d.edges().contains("prep[" + Lab.ONE + "] -> embed[" + Lab.TWO + "]"), "no edges across experiments");
    }

    @Test
    void graph_jobsMermaid_drawsJobs() {
        Result r = ok(morph("graph", "--jobs", "--format", "mermaid", "-e", Lab.ONE));
        Drawn d = mermaid(r.out());

        assertEquals(Set.of("prep[" + Lab.ONE + "]", "embed[" + Lab.ONE + "]", "combine"), d.nodes().keySet());
        assertEquals(Set.of("prep[" + Lab.ONE + "] -> embed[" + Lab.ONE + "]", "embed[" + Lab.ONE + "] -> combine"), d.edges());
    }

    // ---------------------------------------------------------------- colours

    private static final String ESC = "\u001b";

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan"})
    void colour_notATerminal_noAnsiEscapes(String command) {
        Result r = ok(morphIn(env(lab(), Map.of(), false), command));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan"})
    void colour_terminal_usesAnsiEscapes(String command) {
        Result r = ok(morphIn(env(lab(), Map.of(), true), command));

        assertTrue(r.out().contains(ESC + "["), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan"})
    void colour_terminalWithNoColorOption_noAnsiEscapes(String command) {
        Result r = ok(morphIn(env(lab(), Map.of(), true), command, "--no-color"));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan"})
    void colour_terminalWithNoColorEnv_noAnsiEscapes(String command) {
        Result r = ok(morphIn(env(lab(), Map.of("NO_COLOR", "1"), true), command));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @Test
    void colour_noColorOptionBeforeTheCommand_noAnsiEscapes() {
        lab();
        Result r = ok(run(env(tmp, Map.of(), true), "--no-color", "-p", "pipe.yaml", "-r", "root", "status"));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @Test
    void colour_dumbTerminal_noAnsiEscapes() {
        Result r = ok(morphIn(env(lab(), Map.of("TERM", "dumb"), true), "status"));

        assertFalse(r.out().contains(ESC), r.out());
    }

    @Test
    void colour_jsonOnATerminal_staysPlainJson() {
        Result r = ok(morphIn(env(lab(), Map.of(), true), "plan", "--format", "json"));

        assertFalse(r.out().contains(ESC), r.out());
        json(r);
    }

    @Test
    void status_utf8Locale_usesUnicodeSymbols() {
        Result r = ok(morphIn(env(lab(), Map.of("LANG", "en_US.UTF-8"), false), "status"));

        assertLine(r, Lab.TWO + "\\s+a\\s+✓\\s+\\+");
        assertLine(r, Lab.THREE + "\\s+b\\s+\\+\\s+✗");
    }

    // ---------------------------------------------------------------- errors and exit codes

    @Test
    void error_unknownOption_oneLineExit2() {
        String line = assertUsageError(morph("status", "--bogus"), "--bogus");

        assertTrue(line.contains("Unknown option") || line.contains("unknown option"), line);
    }

    @Test
    void error_misspeltOption_suggestsTheOption() {
        assertUsageError(morph("status", "--formt", "json"), "--formt", "did you mean", "--format");
    }

    @Test
    void error_unknownCommand_suggestsTheCommand() {
        assertUsageError(morph("stauts"), "stauts", "did you mean", "status");
    }

    @Test
    void error_badFormatValue_oneLineExit2() {
        assertUsageError(morph("status", "--format", "xml"), "xml");
    }

    @Test
    void error_unknownStepTarget_suggestsCloseStep() {
        assertUsageError(morph("plan", "prepp"), "unknown step 'prepp'", "did you mean 'prep'");
    }

    @Test
    void error_unknownForceStep_suggestsCloseStep() {
        assertUsageError(morph("plan", "--force-step", "embd"), "unknown step 'embd'", "did you mean", "'embed'");
    }

    @Test
    void error_unknownExperiment_suggestsCloseExperiment() {
        assertUsageError(morph("status", "-e", "20250102_tow"), "unknown experiment '20250102_tow'", "did you mean", "'" + Lab.TWO + "'");
    }

    @Test
    void error_unknownExperimentInPlan_suggestsCloseExperiment() {
        assertUsageError(morph("plan", "--experiments", Lab.ONE + ",20250103_thre"), "unknown experiment '20250103_thre'",
                "did you mean", "'" + Lab.THREE + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-02", "20251302", "20250230", "yesterday"})
    void error_malformedLaterThan_namesTheValueAndTheFormat(String value) {
        assertUsageError(morph("status", "--later-than", value), "--later-than", "'" + value + "'", "YYYYMMDD");
    }

    @Test
    void error_malformedEarlierThanInPlan_namesTheValueAndTheFormat() {
        assertUsageError(morph("plan", "--earlier-than", "2025"), "--earlier-than", "'2025'", "YYYYMMDD");
    }

    @Test
    void error_unknownParam_suggestsCloseParam() {
        assertUsageError(morph("plan", "--param", "modle=m2"), "unknown param 'modle'", "did you mean 'model'");
    }

    @Test
    void error_badRerunTrigger_namesValidTriggers() {
        assertUsageError(morph("plan", "--rerun-triggers", "mtime,checksum"), "'checksum'", "mtime");
    }

    @Test
    void error_missingPipelineFile_namesIt() {
        lab();
        assertUsageError(run(env(tmp), "-p", "nope.yaml", "-r", "root", "status"), "nope.yaml", "does not exist");
    }

    @Test
    void error_pipelineIsADirectory_saysSoInsteadOfMalformedYaml() {
        lab();
        String line = assertUsageError(run(env(tmp), "-p", "root", "-r", "root", "status"), "root", "directory");

        assertFalse(line.contains("malformed YAML"), "a directory is not a YAML syntax error: " + line);
    }

    @Test
    void error_noPipelineAnywhere_saysHowToGiveOne() {
        lab();
        Path empty = tmp.resolve("elsewhere");
        Lab.text(empty.resolve("README"), "nothing\n");

        assertUsageError(run(env(empty), "-r", "../root", "status"), "--pipeline", "MORPH_PIPELINE", "morph.yaml");
    }

    @Test
    void error_dataRootDoesNotExist_namesIt() {
        lab();
        assertUsageError(run(env(tmp), "-p", "pipe.yaml", "-r", "no-such-root", "status"), "no-such-root", "does not exist");
    }

    @Test
    void error_dataRootIsAFile_namesIt() {
        lab();
        assertUsageError(run(env(tmp), "-p", "pipe.yaml", "-r", "pipe.yaml", "plan"), "pipe.yaml", "not a directory");
    }

    @Test
    void error_noDataRootAnywhere_saysHowToGiveOne() {
        lab();
        assertUsageError(run(env(tmp), "-p", "pipe.yaml", "status"), "--data-root", "MORPH_DATA_ROOT", "data_root");
    }

    @Test
    void error_invalidPipeline_printsEveryProblemWithFileAndLine() {
        lab();
        String bad = """
                experiments:
                  pattern: raw/{exp}/
                steps:
                  a:
                    scope: cohort
                    outputs:
                      o: a/{exp}.txt
                    command: [x]
                    timeout: soon
                """;
        Lab.text(tmp.resolve("bad.yaml"), bad);

        Result r = run(env(tmp), "-p", "bad.yaml", "-r", "root", "status");

        assertEquals(2, r.code(), r.err());
        assertEquals(2, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).matches("morph: error: .*bad\\.yaml:5: .*scope 'cohort'.*"), r.err());
        assertTrue(r.errLines().get(1).matches("morph: error: .*bad\\.yaml:9: .*'soon'.*"), r.err());
        assertNoStackTrace(r.err());
        assertEquals("", r.out());
    }

    @Test
    void error_invalidPipelineForGraph_exit2() {
        lab();
        Lab.text(tmp.resolve("bad.yaml"), "steps: [\n");

        Result r = run(env(tmp), "-p", "bad.yaml", "graph");

        assertEquals(2, r.code(), r.err());
        assertTrue(r.errLines().get(0).matches("morph: error: .*bad\\.yaml:\\d+: malformed YAML.*"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void error_verbose_addsTheStackTrace() {
        Result r = morph("plan", "prepp", "--verbose");

        assertEquals(2, r.code());
        assertTrue(r.errLines().get(0).startsWith("morph: error: unknown step 'prepp'"), r.err());
        assertTrue(r.err().contains("\tat "), "stack trace with --verbose:\n" + r.err());
        assertTrue(r.err().contains("MorphException"), r.err());
    }

    @Test
    void error_verboseBeforeTheCommand_addsTheStackTrace() {
        lab();
        Result r = run(env(tmp), "--verbose", "-p", "pipe.yaml", "-r", "root", "status", "-e", "nope");

        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), "stack trace with --verbose:\n" + r.err());
    }

    // ---------------------------------------------------------------- defaults

    private String header(Result r) {
        return ok(r).outLines().get(0);
    }

    @Test
    void defaults_pipelineAndDataRootFromEnvironment() {
        lab();
        Result r = run(env(tmp, Map.of("MORPH_PIPELINE", "pipe.yaml", "MORPH_DATA_ROOT", "root"), false), "status");

        assertEquals("mini · data root " + root() + " · 3 experiments", header(r));
    }

    @Test
    void defaults_pipelineFromMorphYamlInCurrentDirectory() {
        lab();
        Lab.text(tmp.resolve("morph.yaml"), Lab.PIPELINE.replace("name: mini", "name: from-cwd"));

        Result r = run(env(tmp), "-r", "root", "status");

        assertTrue(header(r).startsWith("from-cwd · "), r.out());
    }

    @Test
    void defaults_environmentPipelineBeatsMorphYaml() {
        lab();
        Lab.text(tmp.resolve("morph.yaml"), Lab.PIPELINE.replace("name: mini", "name: from-cwd"));

        Result r = run(env(tmp, Map.of("MORPH_PIPELINE", "pipe.yaml"), false), "-r", "root", "status");

        assertTrue(header(r).startsWith("mini · "), r.out());
    }

    @Test
    void defaults_pipelineOptionBeatsEnvironment() {
        lab();
        Result r = run(env(tmp, Map.of("MORPH_PIPELINE", "missing.yaml"), false), "-p", "pipe.yaml", "-r", "root", "status");

        assertTrue(header(r).startsWith("mini · "), r.out());
    }

    @Test
    void defaults_dataRootOptionBeatsEnvironment() {
        lab();
        Result r = run(env(tmp, Map.of("MORPH_DATA_ROOT", "missing-root"), false), "-p", "pipe.yaml", "-r", "root", "status");

        assertEquals("mini · data root " + root() + " · 3 experiments", header(r));
    }

    @Test
    void defaults_dataRootFromThePipelineRelativeToItsFile() {
        lab();
        Lab.text(tmp.resolve("pipelines/with-root.yaml"), Lab.PIPELINE.replace("name: mini", "name: mini\ndata_root: ../root"));
        Path elsewhere = tmp.resolve("elsewhere");
        Lab.text(elsewhere.resolve("README"), "cwd is not the pipeline's directory\n");

        Result r = run(env(elsewhere), "-p", "../pipelines/with-root.yaml", "status");

        assertEquals("mini · data root " + root() + " · 3 experiments", header(r));
    }

    @Test
    void defaults_environmentDataRootBeatsThePipelines() {
        lab();
        Lab.text(tmp.resolve("with-root.yaml"), Lab.PIPELINE.replace("name: mini", "name: mini\ndata_root: root"));
        Lab.file(tmp.resolve("other-root"), "raw/a/20250301_solo/img.tif", Lab.at(1, 10));

        Result r = run(env(tmp, Map.of("MORPH_DATA_ROOT", "other-root"), false), "-p", "with-root.yaml", "status");

        assertTrue(header(r).startsWith("mini · data root " + tmp.resolve("other-root") + " · 1 experiment"), r.out());
    }

    @Test
    void defaults_emptyEnvironmentValues_areIgnored() {
        lab();
        Result r = run(env(tmp, Map.of("MORPH_PIPELINE", "", "MORPH_DATA_ROOT", ""), false), "-p", "pipe.yaml", "-r", "root", "status");

        assertTrue(header(r).startsWith("mini · "), r.out());
    }

    // ---------------------------------------------------------------- version and help

    @Test
    void version_printsVersionAndExits0() {
        Result r = ok(run(env(tmp), "--version"));

        assertTrue(r.out().startsWith("morph "), r.out());
    }

    @Test
    void help_listsCommandsAndExits0() {
        Result r = ok(run(env(tmp), "--help"));

        assertTrue(r.out().contains("Usage: morph"), r.out());
        for (String command : List.of("status", "plan", "graph")) {
            assertTrue(r.out().contains(command), command + " missing from:\n" + r.out());
        }
    }

    @Test
    void noCommand_printsUsage() {
        Result r = run(env(tmp));

        assertTrue(r.out().contains("Usage: morph") || r.err().contains("Usage: morph"), r.out() + r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan", "graph"})
    void help_everyCommand_showsGlobalOptionsAndExits0(String command) {
        Result r = ok(run(env(tmp), command, "--help"));

        assertTrue(r.out().contains("Usage: morph " + command), r.out());
        for (String option : List.of("--pipeline", "--data-root", "--no-color", "--verbose", "--help", "--version")) {
            assertTrue(r.out().contains(option), option + " missing from:\n" + r.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan", "graph"})
    void version_afterACommand_printsTheVersion(String command) {
        // Every command's --help lists -V/--version, so it must print the version there too.
        Result r = ok(run(env(tmp), command, "--version"));

        assertTrue(r.out().startsWith("morph "), "'morph " + command + " --version' printed [" + r.out() + "]");
    }
}
