package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reasons only the journal can give, each under its --rerun-triggers name, after real runs. */
class JournalReasonsTest {
    private static final String STEPS = """
            a:
              inputs:
                data: raw/{exp}/
              outputs:
                out: a/{exp}.txt
              params: {level: "1"}
              command: "echo {params.level} > {outputs.out}"
            all:
              scope: global
              inputs:
                as: {from: a}
              outputs:
                out: all.txt
              command: "cat {inputs.as} > {outputs.out}"
            """;

    @TempDir
    Path tmp;

    private RunFixture built() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(STEPS));
        f.experiment("x").experiment("y");
        RunFixture.Result r = f.morph("run");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(0, f.planJson().get("jobs").size(), "built root is up to date");
        return f;
    }

    private static List<String> codes(JsonNode plan, String id) {
        List<String> out = new ArrayList<>();
        for (JsonNode j : plan.get("jobs")) {
            if (j.get("id").asText().equals(id)) {
                j.get("reasons").forEach(r -> out.add(r.get("code").asText()));
            }
        }
        return out;
    }

    @Test
    void plan_commandChangedInPipeline_isCommandChanged() {
        RunFixture f = built();
        RunFixture.write(f.pipeline, RunFixture.pipeline(STEPS.replace("echo {params.level} >", "echo level {params.level} >")));
        JsonNode plan = f.planJson();
        assertEquals(List.of("COMMAND_CHANGED"), codes(plan, "a[x]"));
        JsonNode reason = plan.get("jobs").get(0).get("reasons").get(0);
        assertEquals(List.of("sh", "-c", "echo {params.level} > {outputs.out}"),
                RunFixture.JSON.convertValue(reason.get("before"), List.class));
        assertEquals(List.of(), codes(f.planJson("--rerun-triggers", "mtime,params,experiments,incomplete"), "a[x]"));
    }

    @Test
    void plan_paramOverridden_isParamsChangedNamingBothValues() {
        RunFixture f = built();
        JsonNode plan = f.planJson("--param", "level=2");
        assertEquals(List.of("PARAMS_CHANGED"), codes(plan, "a[x]"));
        JsonNode reason = plan.get("jobs").get(0).get("reasons").get(0);
        assertEquals("level", reason.get("param").asText());
        assertEquals("1", reason.get("before").asText());
        assertEquals("2", reason.get("now").asText());
        assertEquals(List.of(), codes(f.planJson("--param", "level=2", "--rerun-triggers", "command"), "a[x]"));
    }

    @Test
    void plan_newExperimentBuiltElsewhere_isExperimentSetChangedForTheFanIn() throws IOException {
        RunFixture f = built();
        f.experiment("z").file("a/z.txt", "1\n");
        // z's output is newer than its input but older than all.txt: only the journal can tell all.txt lacks it
        long allTime = Files.getLastModifiedTime(f.root.resolve("all.txt")).toMillis() / 1000;
        f.mtime("raw/z/data.txt", allTime - 20);
        f.mtime("a/z.txt", allTime - 10);
        JsonNode plan = f.planJson();
        assertEquals(List.of("EXPERIMENT_SET_CHANGED"), codes(plan, "all"));
        JsonNode reason = plan.get("jobs").get(0).get("reasons").get(0);
        assertEquals("z", reason.get("added").get(0).asText());
        assertEquals(0, reason.get("removed").size());
        assertEquals(List.of(), codes(f.planJson("--rerun-triggers", "mtime,command,params,incomplete"), "all"));
    }

    @Test
    void plan_inputTouchedWhileJobRan_isInputChangedDuringBuild() throws IOException {
        RunFixture f = built();
        JsonNode record = RunFixture.JSON.readTree(f.root.resolve(".morph/journal/exp/a/x.json").toFile());
        long started = record.get("started_ns").asLong();
        Path output = f.root.resolve("a/x.txt");
        long outputNs = Files.getLastModifiedTime(output).to(TimeUnit.NANOSECONDS);
        // the input now has a time after the job started but not after its output: a change during the build
        long during = started + Math.max(1, (outputNs - started) / 2);
        Files.setLastModifiedTime(f.root.resolve("raw/x/data.txt"), FileTime.from(during, TimeUnit.NANOSECONDS));
        if (during >= outputNs) {
            Files.setLastModifiedTime(output, FileTime.from(during + 1_000_000, TimeUnit.NANOSECONDS));
        }
        JsonNode plan = f.planJson();
        assertEquals(List.of("INPUT_CHANGED_DURING_BUILD"), codes(plan, "a[x]"));
        assertEquals(List.of(), codes(f.planJson("--rerun-triggers", "command,params,experiments,incomplete"), "a[x]"));
    }

    @Test
    void plan_interruptedRecord_isIncompleteEvenWithOutputsPresent() throws IOException {
        RunFixture f = built();
        Path rec = f.root.resolve(".morph/journal/exp/a/y.json");
        Files.writeString(rec, Files.readString(rec).replace("\"succeeded\"", "\"interrupted\""));
        JsonNode plan = f.planJson();
        assertEquals(List.of("INCOMPLETE"), codes(plan, "a[y]"));
        assertTrue(codes(plan, "all").contains("UPSTREAM_WILL_RUN"));
        assertEquals(List.of(), codes(f.planJson("--rerun-triggers", "mtime"), "a[y]"));
    }

    @Test
    void plan_corruptRecord_isReported_andItsJobIsJournalUnreadable() throws IOException {
        RunFixture f = built();
        Files.writeString(f.root.resolve(".morph/journal/exp/a/y.json"), "{not json");
        RunFixture.Result r = f.morph("plan");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("morph: warning:") && r.err().contains("a/y.json"), r::toString);
        assertEquals(List.of("JOURNAL_UNREADABLE"), codes(f.planJson(), "a[y]"));
        assertEquals(List.of(), codes(f.planJson(), "a[x]"));
    }

    @Test
    void plan_rootMorphNeverTouched_hasNoJournalReasons() {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(STEPS));
        f.experiment("x").file("a/x.txt", "made by another tool\n").file("all.txt", "x\n");
        f.mtime("raw/x/data.txt", 1000);
        f.mtime("a/x.txt", 2000);
        f.mtime("all.txt", 3000);
        assertEquals(0, f.planJson().get("jobs").size());
    }
}
