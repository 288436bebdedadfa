package dev.morph.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How jobs go to one cluster scheduler: where ({@code queue}: a SLURM partition or an SGE queue),
 * whose ({@code account}), extra submit arguments, and for SGE the names of the lab's parallel
 * environment and memory and GPU resources; for SLURM a quality of service ({@code qos}). Declared for the
 * pipeline and overridden per step.
 */
public record ClusterOptions(Optional<String> queue, Optional<String> account, List<String> submitArgs,
                             Optional<String> parallelEnvironment, Optional<String> memoryResource, Optional<String> gpuResource,
                             Optional<String> qos) {
    public static final ClusterOptions NONE = new ClusterOptions(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public ClusterOptions {
        submitArgs = List.copyOf(submitArgs);
    }

    /** These options with {@code more} taking precedence; submit arguments add up. */
    public ClusterOptions with(ClusterOptions more) {
        List<String> args = new ArrayList<>(submitArgs);
        args.addAll(more.submitArgs);
        return new ClusterOptions(more.queue.or(() -> queue), more.account.or(() -> account), args,
                more.parallelEnvironment.or(() -> parallelEnvironment), more.memoryResource.or(() -> memoryResource),
                more.gpuResource.or(() -> gpuResource), more.qos.or(() -> qos));
    }
}
