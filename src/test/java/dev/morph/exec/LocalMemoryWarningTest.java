package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.pipeline.ClusterOptions;
import dev.morph.pipeline.Resources;
import dev.morph.plan.JobId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where no memory cgroup can be made, a run whose jobs declare {@code mem} says once that it is not enforced. */
class LocalMemoryWarningTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();
    private final Progress progress = Progress.warningsTo(warnings::add);

    @Test
    void memDeclared_noMemoryCgroup_warnsOnceForTheRun() throws Exception {
        LocalRunner runner = new LocalRunner(Duration.ofSeconds(1), JobCgroups.none(), progress);

        assertEquals(0, runner.launch(job("a", 0)).exit().get().code());
        assertEquals(List.of(), warnings, "a job without mem says nothing");
        assertEquals(0, runner.launch(job("b", 100)).exit().get().code());
        assertEquals(0, runner.launch(job("c", 100)).exit().get().code());

        assertEquals(List.of("mem is not enforced for local jobs here (morph cannot make a memory cgroup): a job over its mem runs on"),
                warnings);
    }

    private JobSpec job(String name, long memMb) {
        Resources resources = memMb == 0 ? Resources.NONE : new Resources(Map.of(Resources.MEM_MB, memMb));
        return new JobSpec(new JobId("work", name), "r1", 1, List.of("true"), tmp, Map.of(), tmp.resolve(name + ".log"), null, resources,
                ClusterOptions.NONE, () -> true);
    }
}
