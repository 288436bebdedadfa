package dev.morph.app;

/**
 * What {@code morph run} was asked, as typed: what to plan ({@code invocation}; {@code planGiven} says
 * whether targets, selection, force or params were given, which a resumed run refuses), how to execute,
 * the run ID to use (null: generated) and the run to resume (null: none).
 */
public record RunRequest(Invocation invocation, boolean planGiven, Execution execution, String runId, String resume) {
    /**
     * How to execute, as typed: {@code jobs} at once (null: the cores, or the resumed run's), resource
     * totals ({@code gpus=1,mem_gb=64}), fail-fast, retries, a time limit for every job, the grace between
     * TERM and KILL, the executor ({@code local}, {@code slurm}, {@code sge}; null: the pipeline's), and for
     * cluster executors how many jobs may be queued, submissions per second, the poll interval and how long
     * to wait for files to show on a shared file system. Checked by {@link RunService}.
     */
    public record Execution(Integer jobs, String resources, boolean failFast, int retries, String timeout, String killGrace,
                            String executor, int maxSubmitted, double submitRate, String pollInterval, String latencyWait) {
    }
}
