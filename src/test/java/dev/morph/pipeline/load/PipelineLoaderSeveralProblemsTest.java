package dev.morph.pipeline.load;

import static dev.morph.pipeline.load.LoaderFixture.FILE;
import static dev.morph.pipeline.load.LoaderFixture.assertProblem;
import static dev.morph.pipeline.load.LoaderFixture.lineOf;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.MorphException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PipelineLoader} on a file with several problems: every one is reported at once, each with its
 * line, in line order.
 */
class PipelineLoaderSeveralProblemsTest {
    @RegisterExtension
    final LoaderFixture loader = new LoaderFixture();

    @Test
    void load_severalProblems_reportsEveryOneWithItsLineInLineOrder() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/{exp}/
                paramz:
                  model: m1
                steps:
                  stitch:
                    scope: cohort
                    outputs:
                      ff: ff/{exp}/
                    command: [x]
                  segment:
                    inputs:
                      ff: {from: stich}
                    outputs:
                      masks: ../masks/{exp}/
                    command: [y, "{foo}"]
                    timeout: soon
                """;
        MorphException e = loader.invalid(yaml);

        assertProblem(e, lineOf(yaml, "paramz:"), "unknown key 'paramz'", "did you mean 'params'");
        assertProblem(e, lineOf(yaml, "scope: cohort"), "scope 'cohort'");
        assertProblem(e, lineOf(yaml, "from: stich"), "unknown step 'stich'", "did you mean 'stitch'");
        assertProblem(e, lineOf(yaml, "masks: ../masks"), "leaves the data root");
        assertProblem(e, lineOf(yaml, "command: [y"), "unknown placeholder '{foo}'");
        assertProblem(e, lineOf(yaml, "timeout: soon"), "'soon'");
        assertEquals(6, e.lines().size(), () -> "one line per problem:\n  " + String.join("\n  ", e.lines()));
        List<Integer> lines = e.lines().stream().map(l -> Integer.parseInt(l.replaceFirst("^.*?" + FILE + ":(\\d+): .*$", "$1"))).toList();
        assertEquals(lines.stream().sorted().toList(), lines, "problems are listed in line order");
        assertEquals(String.join("\n", e.lines()), e.getMessage(), "the exception message holds every line");
    }

    @Test
    void load_problemsAcrossSections_areAllReported() {
        String yaml = """
                experiments:
                  pattern: raw/{microscope}/
                steps:
                  a:
                    when: {scope: [x]}
                    outputs:
                      o: a/{exp}.txt
                  e2e:
                    outputs:
                      o: b/x.txt
                    command: [x]
                """;
        MorphException e = loader.invalid(yaml);

        assertAll(
                () -> assertProblem(e, lineOf(yaml, "pattern:"), "{exp}"),
                () -> assertProblem(e, lineOf(yaml, "when:"), "'when' tests 'scope'"),
                () -> assertProblem(e, lineOf(yaml, "  a:"), "has no command"),
                () -> assertProblem(e, lineOf(yaml, "e2e:"), "reserved"));
        assertEquals(4, e.lines().size(), () -> String.join("\n", e.lines()));
    }
}
