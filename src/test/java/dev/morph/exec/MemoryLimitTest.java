package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morph.Missing;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local job's {@code mem} is enforced by its cgroup, and a job the kernel kills for going over it is
 * recorded {@code OUT_OF_MEMORY}, not with the exit code it was left with; under a generous limit the
 * same job succeeds. The job holds memory in four processes ({@code tail} keeping 40 MB of input with
 * no newline), as the cluster test does (Grid Engine only kills a job whose processes together exceed
 * its limit).
 */
class MemoryLimitTest {
    @TempDir
    Path tmp;

    private RunFixture fixture;

    @BeforeEach
    void requireMemoryCgroups() {
        try (JobCgroups cgroups = JobCgroups.detect()) {
            if (!cgroups.limitsMemory()) {
                Missing.component("the local memory-limit tests", "this machine gives morph no cgroup with a memory controller to "
                        + "divide (cgroup v2 with memory delegated, or a cgroup v1 memory hierarchy, as root; see README)");
            }
        }
    }

    @AfterEach
    void cleanUp() {
        if (fixture != null) {
            fixture.killEverything();
        }
    }

    private RunFixture fixture(String mem) {
        fixture = new RunFixture(tmp, RunFixture.pipeline(RunFixture.workStep(RunFixture.HOLDS_170_MB) + "  resources: {mem: " + mem + "}\n"));
        fixture.experiment("a");
        return fixture;
    }

    @Test
    void aJobOverItsMem_isKilled_andRecordedOutOfMemory() {
        RunFixture f = fixture("100M");

        RunFixture.Result r = f.morph("run", "--run-id", "oom");

        assertEquals(1, r.exitCode(), r::toString);
        JsonNode job = f.job(f.runState("oom"), "work[a]");
        assertEquals("failed", job.get("status").asText(), job.toString());
        assertEquals("OUT_OF_MEMORY", job.get("reason_code").asText(), job.toString());
        assertTrue(job.get("message").asText().contains("memory limit (mem 100 MB)"), job.toString());
        RunFixture.Result shown = f.morph("runs", "show", "oom");
        assertTrue(shown.out().contains("OUT_OF_MEMORY"), shown::toString);
    }

    @Test
    void theSameJobUnderAGenerousMem_succeeds() {
        RunFixture f = fixture("1G");

        RunFixture.Result r = f.morph("run", "--run-id", "fits");

        assertEquals(0, r.exitCode(), r::toString);
        JsonNode job = f.job(f.runState("fits"), "work[a]");
        assertEquals("succeeded", job.get("status").asText(), job.toString());
        assertEquals("done\n", f.read("out/a.txt"));
    }
}
