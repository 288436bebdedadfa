package dev.morph.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.load.PipelineLoader;
import dev.morph.pipeline.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a step's resources, timeout and the pipeline's {@code executor:} settings become submit options:
 * pipeline defaults, per-step overrides (the step's {@code submit_args} come last, so they win).
 * Pure: no scheduler needed.
 */
class SubmitCommandTest {
    private static final String YAML = """
            experiments:
              pattern: raw/{exp}/
            executor:
              default: slurm
              slurm: {partition: batch, account: lab, qos: normal, submit_args: ["--exclusive"]}
              sge: {queue: all.q, account: lab, parallel_environment: smp, memory_resource: mem_free, gpu_resource: gpu}
            steps:
              segment:
                inputs:
                  raw: raw/{exp}/
                outputs:
                  masks: masks/{exp}/
                command: segment {exp}
                resources: {cpus: 4, gpus: 1, mem: 16G}
                timeout: 1h30m
                executor:
                  slurm: {partition: gpu, qos: high, submit_args: ["--nice=10"]}
                  sge: {queue: gpu.q}
              tidy:
                inputs:
                  masks: {from: segment.masks}
                outputs:
                  report: reports/{exp}.txt
                command: tidy {exp}
                timeout: 61s
            """;

    @TempDir
    Path tmp;

    private Pipeline pipeline;
    private final Path script = Path.of("/data/.morph/runs/r1/jobs/segment/e1.sh");
    private final Path log = Path.of("/data/.morph/runs/r1/logs/segment/e1.log");

    @BeforeEach
    void load() throws IOException {
        Path file = tmp.resolve("pipe.yaml");
        Files.writeString(file, YAML);
        pipeline = PipelineLoader.load(file);
    }

    private List<String> command(BatchSystem batch, String step) {
        Step s = pipeline.step(step).orElseThrow();
        return batch.submitCommand(script, log, "segment.e1", "r1:0000abcd", s.resources(), s.timeout().orElse(null),
                s.clusterOptions(pipeline.executor(), batch.name()));
    }

    @Test
    void slurm_resourcesTimeAndOverrides() {
        assertEquals(List.of("sbatch", "--parsable", "--job-name=segment.e1", "--comment=r1:0000abcd", "--output=" + log, "--error=" + log, "--open-mode=append",
                "--cpus-per-task=4", "--mem=16384M", "--gres=gpu:1", "--time=90", "--partition=gpu", "--account=lab",
                "--qos=high", "--exclusive", "--nice=10", script.toString()), command(new Slurm(), "segment"));
    }

    @Test
    void slurm_timeRoundsUpToWholeMinutes_pipelineDefaultsApply() {
        assertEquals(List.of("sbatch", "--parsable", "--job-name=segment.e1", "--comment=r1:0000abcd", "--output=" + log, "--error=" + log, "--open-mode=append",
                "--time=2", "--partition=batch", "--account=lab", "--qos=normal", "--exclusive", script.toString()), command(new Slurm(), "tidy"));
    }

    @Test
    void sge_slotsThroughTheParallelEnvironment_memoryPerSlot() {
        assertEquals(List.of("qsub", "-terse", "-N", "segment.e1", "-ac", "morph=r1:0000abcd", "-o", log.toString(), "-j", "y", "-S", "/bin/sh",
                "-pe", "smp", "4", "-l", "mem_free=4096M", "-l", "gpu=1", "-l", "h_rt=1:30:00", "-q", "gpu.q", "-A", "lab",
                script.toString()), command(new Sge(), "segment"));
    }

    @Test
    void sge_secondsKept_noResourcesNoOptions() {
        assertEquals(List.of("qsub", "-terse", "-N", "segment.e1", "-ac", "morph=r1:0000abcd", "-o", log.toString(), "-j", "y", "-S", "/bin/sh",
                "-l", "h_rt=0:01:01", "-q", "all.q", "-A", "lab", script.toString()), command(new Sge(), "tidy"));
    }
}
