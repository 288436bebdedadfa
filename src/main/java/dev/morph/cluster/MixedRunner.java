package dev.morph.cluster;

import dev.morph.exec.JobRunner;
import dev.morph.exec.JobSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster run whose {@code executor: local} steps run as local processes (a cheap global step should
 * not wait in a queue); every other job goes to the scheduler. Reattaching is the scheduler's only.
 */
final class MixedRunner implements JobRunner {
    private final ClusterRunner cluster;
    private final JobRunner local;
    private final Set<String> localSteps;

    MixedRunner(ClusterRunner cluster, JobRunner local, Set<String> localSteps) {
        this.cluster = cluster;
        this.local = local;
        this.localSteps = Set.copyOf(localSteps);
    }

    @Override
    public String name() {
        return cluster.name();
    }

    @Override
    public Launched launch(JobSpec spec) throws IOException {
        return localSteps.contains(spec.id().step()) ? new Local(local.launch(spec)) : cluster.launch(spec);
    }

    @Override
    public Launched launch(JobSpec spec, List<String> upstream) throws IOException {
        return upstream.isEmpty() ? launch(spec) : cluster.launch(spec, upstream);
    }

    /** A local step is never held: its own dependents wait for it as in a local run. */
    @Override
    public boolean canHold(String step) {
        return !localSteps.contains(step);
    }

    @Override
    public Launched attach(JobSpec spec, String handle, String ownerRunId) throws IOException {
        return cluster.attach(spec, handle, ownerRunId);
    }

    @Override
    public void stopLaunching() {
        cluster.stopLaunching();
        local.stopLaunching();
    }

    @Override
    public void close() {
        cluster.close();
        local.close();
    }

    /** A local process of a cluster run, saying so (its lock and record name a pid, not a scheduler job). */
    private record Local(Launched process) implements Launched {
        @Override
        public CompletableFuture<Exit> exit() {
            return process.exit();
        }

        @Override
        public void terminate(Duration grace) {
            process.terminate(grace);
        }

        @Override
        public String handle() {
            return process.handle();
        }

        @Override
        public String executor() {
            return "local";
        }
    }
}
