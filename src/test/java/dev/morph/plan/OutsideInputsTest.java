package dev.morph.plan;

import static dev.morph.plan.Fixture.codes;
import static dev.morph.plan.Fixture.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morph.ExitCodes;
import dev.morph.MorphException;
import dev.morph.pipeline.ArtifactKind;
import dev.morph.report.Json;
import dev.morph.report.PlanJson;
import dev.morph.report.PlanText;
import dev.morph.report.ReasonJson;
import dev.morph.text.ReasonText;
import dev.morph.report.Style;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs outside the data root (model weights in a repository checkout, an environment), named through
 * a param: probed like any input, named by their absolute paths in reasons and blocked jobs, listed in
 * the plan on their own; outputs still never leave the data root. On Jimfs with explicit mtimes.
 */
class OutsideInputsTest {
    private static final String PIPELINE = """
            experiments:
              pattern: raw/{exp}/
            params:
              repo: /opt/repo
              env: /opt/envs/py39
            steps:
              seg:
                inputs:
                  raw: raw/{exp}/
                  weights: "{params.repo}/models/sam.pt"
                  env: "{params.env}/"
                  configs: {glob: "{params.repo}/configs/*.yaml"}
                outputs:
                  masks: masks/{exp}/
                command: [seg, "{inputs.weights}", "{inputs.env}"]
              embed:
                inputs:
                  masks: {from: seg}
                  env: "{params.env}/"
                outputs:
                  latents: latents/{exp}.csv
                command: [embed]
            """;

    /** Two experiments built at 200 and 300 from raw data at 100, with the outside inputs at {@code weightsTime}. */
    private static Fixture built(long weightsTime) {
        Fixture f = new Fixture(PIPELINE);
        for (String exp : List.of("20250101_a", "20250102_b")) {
            f.file("raw/" + exp + "/img.tif", 100).file("masks/" + exp + "/m.png", 200).file("latents/" + exp + ".csv", 300);
        }
        return f.outside("/opt/repo/models/sam.pt", weightsTime)
                .outside("/opt/repo/configs/sam2.yaml", 50)
                .outside("/opt/repo/configs/notes.txt", 400)
                .outside("/opt/envs/py39/bin/python", 50);
    }

    @Test
    void plan_outsideInputsOlderThanOutputs_isUpToDateAndListsThem() {
        Plan plan = built(50).planAll();

        assertTrue(plan.toRun().isEmpty(), () -> "expected nothing to run, got " + plan.toRun());
        List<OutsideInput> outside = plan.outsideInputs();
        assertEquals(List.of("/opt/envs/py39/", "/opt/repo/configs/*.yaml", "/opt/repo/models/sam.pt"),
                outside.stream().map(o -> o.artifact().display()).toList(), "in path order, each once");
        assertEquals(List.of(ArtifactKind.DIR, ArtifactKind.GLOB, ArtifactKind.FILE), outside.stream().map(o -> o.artifact().kind()).toList());
        assertEquals(List.of("seg", "embed"), outside.get(0).steps());
        assertEquals(List.of("seg"), outside.get(2).steps());
        assertEquals("/opt/envs/py39/bin/python", outside.get(0).observation().newest());
        assertEquals("/opt/repo/configs/sam2.yaml", outside.get(1).observation().newest(), "the glob matches only *.yaml");
        assertEquals(50_000_000_000L, outside.get(2).observation().mtime());
    }

    @Test
    void plan_weightsNewerThanOutputs_runsTheirReadersNamingTheAbsolutePath() {
        Plan plan = built(250).planAll();

        JobPlan seg = job(plan, "seg[20250101_a]");
        assertEquals(List.of("INPUT_NEWER"), codes(seg));
        Reason.InputNewer r = (Reason.InputNewer) seg.reasons().get(0);
        assertEquals("/opt/repo/models/sam.pt", r.input());
        assertEquals(250_000_000_000L, r.inputTime());
        assertEquals("masks/20250101_a/", r.output());
        assertEquals(List.of("UPSTREAM_WILL_RUN"), codes(job(plan, "embed[20250102_b]")));
    }

    @Test
    void plan_weightsMissing_blocksTheJobNamingTheAbsolutePath() {
        Fixture f = built(50);
        f.delete("masks/20250101_a/m.png");
        try {
            java.nio.file.Files.delete(f.fs.getPath("/opt/repo/models/sam.pt"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        Plan plan = f.planAll();

        JobPlan seg = job(plan, "seg[20250101_a]");
        assertEquals(JobState.BLOCKED, seg.state());
        assertEquals(List.of("/opt/repo/models/sam.pt"), seg.missing());
        assertEquals(JobState.UP_TO_DATE, job(plan, "seg[20250102_b]").state(), "up to date although its weights are gone");
        assertFalse(plan.outsideInputs().get(2).observation().exists());
    }

    @Test
    void plan_paramGivenOnTheCommandLine_movesTheInputAndTheCommand() {
        Fixture f = built(50).outside("/srv/checkout/models/sam.pt", 60).outside("/srv/checkout/configs/x.yaml", 60);

        Plan plan = f.plan(Fixture.withParams(Map.of("repo", "/srv/checkout")));

        assertEquals(List.of("/opt/envs/py39/", "/srv/checkout/configs/*.yaml", "/srv/checkout/models/sam.pt"),
                plan.outsideInputs().stream().map(o -> o.artifact().display()).toList());
        List<String> argv = new CommandRenderer(f.root).argv(job(plan, "seg[20250101_a]"), null);
        assertEquals(List.of("seg", "/srv/checkout/models/sam.pt", "/opt/envs/py39"), argv);
    }

    @Test
    void report_planTextAndJson_showTheOutsideInputsOnTheirOwn() throws Exception {
        Fixture f = built(50);
        f.delete("masks/20250101_a/m.png");
        Plan plan = f.planAll();
        CommandRenderer commands = new CommandRenderer(f.root);

        StringWriter text = new StringWriter();
        new PlanText(Style.PLAIN, commands).print(plan, null, new PrintWriter(text));
        String json = Json.write(new PlanJson(new ReasonJson(new ReasonText(Style.PLAIN.zone())), commands).tree(plan, null));

        assertTrue(text.toString().contains("Inputs outside the data root"), text.toString());
        assertTrue(text.toString().contains("  /opt/repo/models/sam.pt  1970-01-01 00:00:50.000  read by seg\n"), text.toString());
        assertTrue(text.toString().contains("  /opt/envs/py39/  1970-01-01 00:00:50.000  read by seg, embed\n"), text.toString());
        JsonNode first = new ObjectMapper().readTree(json).get("outside_data_root").get(0);
        assertEquals("{\"path\":\"/opt/envs/py39/\",\"kind\":\"dir\",\"exists\":true,\"mtime\":\"1970-01-01T00:00:50Z\","
                + "\"steps\":[\"seg\",\"embed\"]}", first.toString());
    }

    @Test
    void bind_outputUnderAnAbsoluteParam_isRefusedAtTheOutputsLine() {
        Fixture f = new Fixture("""
                experiments:
                  pattern: raw/{exp}/
                params:
                  out: /elsewhere
                steps:
                  s:
                    inputs:
                      raw: raw/{exp}/
                    outputs:
                      table: "{params.out}/{exp}.csv"
                    command: [tool]
                """).file("raw/20250101_a/img.tif", 100);

        MorphException e = assertThrows(MorphException.class, f::planAll);

        assertEquals(ExitCodes.USAGE, e.exitCode());
        String message = String.join("\n", e.lines());
        assertTrue(message.contains("p.yaml:10: step 's' output 'table'"), message);
        assertTrue(message.contains("'/elsewhere/20250101_a.csv'") && message.contains("outputs must stay inside it"), message);
    }

    @Test
    void bind_inputUnderARelativeParamClimbingOut_asksForAnAbsolutePath() {
        MorphException e = assertThrows(MorphException.class, () -> built(50).plan(Fixture.withParams(Map.of("repo", "../repo"))));

        String message = String.join("\n", e.lines());
        assertTrue(message.contains("input 'weights'") && message.contains("'../repo/models/sam.pt'"), message);
        assertTrue(message.contains("must be an absolute path"), message);
    }

    @Test
    void load_literalAbsoluteInputPath_isRefusedWithTheParamHint() {
        Fixture f = new Fixture("""
                experiments:
                  pattern: raw/{exp}/
                steps:
                  s:
                    inputs:
                      weights: /opt/repo/models/sam.pt
                    outputs:
                      out: out/{exp}.csv
                    command: [tool]
                """);

        MorphException e = assertThrows(MorphException.class, f::pipeline);

        String message = String.join("\n", e.lines());
        assertTrue(message.contains("p.yaml:6: step 's' input 'weights' path '/opt/repo/models/sam.pt' leaves the data root"), message);
        assertTrue(message.contains("named through a param, e.g. '{params.repo}/...'"), message);
    }
}
