package dev.morph.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job environment: the step's over the pipeline's, and setup lines that run before the command or stop it. */
class JobEnvironmentTest {
    private static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() + ":" + out;
    }

    @Test
    void stepOverridesPipeline_setupLinesRunInOrder() throws Exception {
        JobEnvironment lab = new JobEnvironment(Map.of("A", "pipeline", "B", "pipeline"), List.of("X=1", "export X"))
                .then(new JobEnvironment(Map.of("B", "step"), List.of("export Y=\"$X$X\"")));
        assertEquals(Map.of("A", "pipeline", "B", "step"), lab.env());
        assertEquals("0:11 argument", run(lab.wrap(List.of("sh", "-c", "echo \"$Y $1\"", "sh", "argument"))));
    }

    @Test
    void aFailingSetupLine_endsTheJobWithItsCode_beforeTheCommand() throws Exception {
        JobEnvironment lab = new JobEnvironment(Map.of(), List.of("sh -c 'exit 3'", "echo not-reached"));
        assertEquals("3:", run(lab.wrap(List.of("echo", "command-ran"))));
    }

    @Test
    void noSetup_leavesTheCommandAsItIs() {
        assertEquals(List.of("echo", "hi"), JobEnvironment.NONE.wrap(List.of("echo", "hi")));
    }
}
