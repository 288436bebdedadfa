package dev.morph.exec;

import dev.morph.store.StateLayout;
import java.util.Optional;

/** Makes the job runner of a run, after telling whether it can work at all (a cluster scheduler may be missing). */
public interface RunnerFactory {
    /** {@code local}, {@code slurm}, {@code sge}. */
    String kind();

    /** Why no job can be run this way now, or empty. */
    Optional<String> unavailable();

    JobRunner create(RunContext.Settings settings, StateLayout layout, Progress progress);

    static RunnerFactory local() {
        return new RunnerFactory() {
            @Override
            public String kind() {
                return "local";
            }

            @Override
            public Optional<String> unavailable() {
                return Optional.empty();
            }

            @Override
            public JobRunner create(RunContext.Settings settings, StateLayout layout, Progress progress) {
                return new LocalRunner(settings.killGrace(), progress);
            }
        };
    }
}
