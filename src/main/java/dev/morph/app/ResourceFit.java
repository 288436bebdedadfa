package dev.morph.app;

import dev.morph.MorphException;
import dev.morph.pipeline.Resources;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobPlan;
import dev.morph.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, before a run starts, that every job it would start fits the resources the run offers: a job
 * asking for more of a resource than its total ({@code gpus=1} with {@code --resources gpus=0}) is
 * reported and the run refused, rather than run anyway with less than it asked for. CPUs are the
 * exception: a job can work on fewer cores, only slower, so one asking for more cores than the run
 * has runs alone with all of them (as make and Snakemake cap a job's threads at the cores given).
 */
final class ResourceFit {
    private ResourceFit() {
    }

    static void require(Plan plan, Resources totals) {
        Map<Step, Long> jobsByStep = new LinkedHashMap<>();
        for (JobPlan j : plan.toRun()) {
            jobsByStep.merge(j.job().step(), 1L, Long::sum);
        }
        List<String> problems = new ArrayList<>();
        jobsByStep.forEach((step, count) -> step.resources().amounts().forEach((name, wanted) -> {
            if (!name.equals(Resources.CPUS) && totals.amounts().containsKey(name) && wanted > totals.get(name)) {
                problems.add(step.name() + " needs " + name + "=" + wanted + " (" + count + (count == 1 ? " job" : " jobs")
                        + ") but the run offers " + name + "=" + totals.get(name));
            }
        }));
        if (!problems.isEmpty()) {
            throw MorphException.usage(String.join("; ", problems)
                    + "; offer more with --resources, or leave those steps out of the targets");
        }
    }
}
