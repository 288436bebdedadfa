package dev.morph.cluster;

import dev.morph.exec.JobRunner;
import dev.morph.exec.Progress;
import dev.morph.exec.RunContext;
import dev.morph.exec.RunnerFactory;
import dev.morph.store.StateLayout;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link RunnerFactory} of a cluster scheduler: available when its tools answer. The jobs of
 * {@code localSteps} run as local processes.
 */
public record ClusterRunners(BatchSystem batch, ClusterRunner.Settings settings, Set<String> localSteps) implements RunnerFactory {
    public ClusterRunners(BatchSystem batch, ClusterRunner.Settings settings) {
        this(batch, settings, Set.of());
    }

    @Override
    public String kind() {
        return batch.name();
    }

    @Override
    public Optional<String> unavailable() {
        return batch.unavailable();
    }

    @Override
    public JobRunner create(RunContext.Settings runSettings, StateLayout layout, Progress progress) {
        ClusterRunner cluster = new ClusterRunner(batch, layout, settings, progress);
        return localSteps.isEmpty() ? cluster : new MixedRunner(cluster, RunnerFactory.local().create(runSettings, layout, progress), localSteps);
    }
}
