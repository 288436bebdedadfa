package dev.morph.journal;

import dev.morph.plan.JobId;
import dev.morph.run.JobStatus;
import dev.morph.run.LockInfo;
import dev.morph.run.Locks;
import java.util.Optional;

/**
 * What is happening to a job right now, for {@code status}: running (its journal record says so and a
 * live owner holds its lock), or failed (its last attempt failed). Read-only.
 */
public final class LiveJobs {
    /** A job's live state with its journal record and, while it runs, its lock's holder. */
    public record Live(JobId job, boolean running, JobRecord record, LockInfo holder) {
    }

    private final Journal journal;
    private final Locks locks;

    public LiveJobs(Journal journal, Locks locks) {
        this.journal = journal;
        this.locks = locks;
    }

    public Optional<Live> of(JobId id) {
        Optional<JobRecord> rec = journal.read(id);
        if (rec.isEmpty()) {
            return Optional.empty();
        }
        JobRecord r = rec.get();
        if (r.status() == JobStatus.RUNNING) {
            Optional<LockInfo> holder = locks.liveHolder(id);
            if (holder.isPresent()) {
                return Optional.of(new Live(id, true, r, holder.get()));
            }
        }
        if (r.status() == JobStatus.FAILED) {
            return Optional.of(new Live(id, false, r, null));
        }
        return Optional.empty();
    }
}
