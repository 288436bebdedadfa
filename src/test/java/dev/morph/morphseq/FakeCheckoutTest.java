package dev.morph.morphseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fake checkout refuses what the lab's code refuses: the commands of the pipeline file written
 * before it was checked against the lab's code (morph's issue 18) fail against it as they fail against
 * the real entry points — a rejected option, a missing required one, a subcommand that does not exist, a
 * crash. So a pipeline that passes the contract test does not pass only because the fake is lenient.
 */
class FakeCheckoutTest {
    @TempDir
    Path tmp;
    FakeLab lab;

    @BeforeEach
    void makeLab() throws IOException {
        lab = new FakeLab(tmp);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what the pipeline file called before | exit | what the lab's code says
        "src.run_morphseq_pipeline.cli build03 --data-root ROOT --exp E --sam2-csv S | 1 | TypeError: run_build03_pipeline() got an unexpected keyword argument 'root'",
        "src.run_morphseq_pipeline.cli build04 --data-root ROOT | 1 | TypeError: run_build04() got an unexpected keyword argument 'pert_key_path'",
        "src.run_morphseq_pipeline.cli build06 --data-root ROOT --model-name M | 2 | the following arguments are required: --morphseq-repo-root",
        "src.run_morphseq_pipeline.cli build06 --morphseq-repo-root R --data-root ROOT | 1 | AttributeError: 'Namespace' object has no attribute 'overwrite'",
        "src.run_morphseq_pipeline.cli embed --data-root ROOT --exp E --model-name M | 2 | the following arguments are required: --train-name",
        "src.run_morphseq_pipeline.cli build03-combine --data-root ROOT | 2 | invalid choice: 'build03-combine'",
        "src.run_morphseq_pipeline.cli pipeline --data-root ROOT --experiments E --action latents | 2 | invalid choice: 'latents'",
        "src.run_morphseq_pipeline.steps.run_build04 --data-root ROOT --exp E | 2 | the following arguments are required: --root"})
    void fake_commandsTheLabsCodeRefuses_fail(String command, int exit, String message) throws Exception {
        List<String> argv = new ArrayList<>(List.of(lab.python, "-m"));
        for (String word : command.split(" ")) {
            argv.add(word.equals("ROOT") ? lab.root.toString() : word);
        }
        Process p = new ProcessBuilder(argv).directory(lab.checkout.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(exit, p.waitFor(), out);
        assertTrue(out.contains(message), out);
    }
}
