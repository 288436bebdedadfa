package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.morph.run.JobReason;
import org.junit.jupiter.api.Test;

/**
 * How Grid Engine's accounting of a finished job becomes a reason, on the records Grid Engine 8.1.9
 * wrote here: its kill for {@code h_vmem} and for {@code h_rt} both say {@code failed 37}, and only the
 * peak ({@code maxvmem}) against the limit tells them apart.
 */
class SgeReasonTest {
    private static final String ENFORCED = "37  : qmaster enforced h_rt, h_cpu, or h_vmem limit";
    private static final long LIMIT = Sge.memory("100M");

    @Test
    void killedAtItsHVmem_isOutOfMemory() {
        // four processes of 42 MB under -l h_vmem=100M: "exceeds job hard limit h_vmem ... sending SIGKILL"
        assertEquals(JobReason.OUT_OF_MEMORY, Sge.reason(ENFORCED, 137, UsageText.bytes("176.492MB"), LIMIT));
    }

    @Test
    void killedAtItsHRt_underItsHVmem_isASchedulerTimeout() {
        // sleep 30 under -l h_rt=3,h_vmem=100M
        assertEquals(JobReason.SCHEDULER_TIMEOUT, Sge.reason(ENFORCED, 137, UsageText.bytes("3.402MB"), LIMIT));
        assertEquals(JobReason.SCHEDULER_TIMEOUT, Sge.reason(ENFORCED, 137, UsageText.bytes("3.402MB"), null));
    }

    @Test
    void aProcessRefusedAnAllocation_failsByItself_andIsAPlainExit() {
        // python3's MemoryError under -l h_vmem=50M: its address space never went over the limit
        assertNull(Sge.reason("0", 1, 0L, Sge.memory("50M")));
        // a job that used much, under its limit, and failed on its own
        assertNull(Sge.reason("0", 2, UsageText.bytes("176.336MB"), Sge.memory("1G")));
    }

    @Test
    void memorySpecifiers_lowerCaseDecimal_upperCaseBinary() {
        assertEquals(100L << 20, Sge.memory("100M"));
        assertEquals(100_000_000L, Sge.memory("100m"));
        assertEquals(2L << 30, Sge.memory("2G"));
        assertEquals(1_500L, Sge.memory("1.5k"));
        assertEquals(4096L, Sge.memory("4096"));
        assertNull(Sge.memory("lots"));
    }
}
