package dev.morph.run;

/**
 * The content of a job's lock file: which job, held by whom, since when (orchestrator clock, ISO-8601),
 * and what runs it: a local process ({@code executor} {@code local}, its pid and start time, so an
 * orphan left by a killed morph can be found) or a cluster job (the scheduler and its job ID — such a
 * job outlives its morph, so its lock is live as long as the scheduler still runs it).
 */
public record LockInfo(String job, Owner owner, String acquiredAt, String executor, String executorId, Long executorStart) {
    public LockInfo withExecutor(String kind, String id, Long start) {
        return new LockInfo(job, owner, acquiredAt, kind, id, start);
    }
}
