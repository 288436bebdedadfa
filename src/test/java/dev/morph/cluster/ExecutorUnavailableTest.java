package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.exec.Evidence;
import dev.morph.exec.RunFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scheduler whose tools are not installed: one clear error, exit 2, the run recorded as
 * {@code failed}/{@code EXECUTOR_UNAVAILABLE}, no job started and nothing else left behind. Runs
 * everywhere: morph is started with a PATH that holds no scheduler tools.
 */
class ExecutorUnavailableTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final RunFixtures fixtures = new RunFixtures(() -> tmp);

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "sge"})
    void noSchedulerTools_oneError_runFailedExecutorUnavailable(String kind) throws IOException {
        RunFixture f = fixtures.pipeline(RunFixture.workStep("echo ran >> {root}/events.log\necho ok > {outputs.out}\n"));
        f.experiment("a");
        Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));

        Process morph = f.morphProcess("m", Map.of("PATH", emptyBin.toString()), "run", "--executor", kind, "--run-id", "u1");

        assertEquals(2, Evidence.exitCode(morph, Evidence.PATIENCE_SECONDS, () -> f.transcript("m")), f.transcript("m"));
        List<String> err = Files.readAllLines(tmp.resolve("m.err")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(1, err.size(), "one error line: " + err);
        assertTrue(err.get(0).contains("EXECUTOR_UNAVAILABLE") && err.get(0).contains(kind.equals("slurm") ? "sinfo" : "qstat"), err.get(0));
        JsonNode state = f.runState("u1");
        assertEquals("failed", state.get("status").asText());
        assertEquals("EXECUTOR_UNAVAILABLE", state.get("reason_code").asText());
        assertFalse(f.exists("events.log"), "no job ran");
        assertFalse(f.exists("out/a.txt"));
        try (Stream<Path> locks = Files.list(f.root.resolve(".morph/locks"))) {
            assertEquals(List.of(), locks.toList(), "no lock left");
        } catch (java.nio.file.NoSuchFileException e) {
            // never created: nothing left either
        }
        assertEquals(List.of(), Evidence.tempFiles(f.root), "no half-written state");
    }
}
