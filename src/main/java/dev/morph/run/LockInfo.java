package dev.morph.run;

/** The content of a job's lock file: which job, held by whom, since when (orchestrator clock, ISO-8601). */
public record LockInfo(String job, Owner owner, String acquiredAt) {
}
