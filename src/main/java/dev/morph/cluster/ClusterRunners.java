package dev.morph.cluster;

import dev.morph.exec.JobRunner;
import dev.morph.exec.Progress;
import dev.morph.exec.RunContext;
import dev.morph.exec.RunnerFactory;
import dev.morph.store.StateLayout;
import java.util.Optional;

/** The {@link RunnerFactory} of a cluster scheduler: available when its tools answer. */
public record ClusterRunners(BatchSystem batch, ClusterRunner.Settings settings) implements RunnerFactory {
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
        return new ClusterRunner(batch, layout, settings, progress);
    }
}
