package dev.morph.journal;

import dev.morph.plan.JobHistory;
import dev.morph.plan.JobId;
import dev.morph.plan.LastExecution;
import java.util.List;
import java.util.Optional;

/** The journal as the planner's {@link JobHistory}: each job's last record, as a {@link LastExecution}. */
public final class JournalHistory implements JobHistory {
    private final Journal journal;

    public JournalHistory(Journal journal) {
        this.journal = journal;
    }

    /** Parsing records is CPU work: spread it over the cores (at most 4) while the planner walks the tree. */
    @Override
    public void readAhead(List<JobId> jobs) {
        journal.readAhead(jobs, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Optional<LastExecution> last(JobId job) {
        return journal.read(job).map(JournalHistory::lastExecution);
    }

    @Override
    public Optional<String> unreadable(JobId job) {
        return journal.unreadable(job);
    }

    static LastExecution lastExecution(JobRecord r) {
        return new LastExecution(r.status().toString(), r.succeeded(), r.attempt().runId(), r.attempt().startedNs(),
                r.inputs().newestNs(), Optional.ofNullable(r.command().template()), Optional.ofNullable(r.command().params()),
                Optional.ofNullable(r.inputs().experiments()));
    }
}
