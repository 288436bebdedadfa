package dev.morph.plan;

import java.util.List;
import java.util.Optional;

/**
 * Where the planner learns how a job's last execution went (the journal, or a fake in tests). A job with
 * no known execution is judged by existence and mtimes alone, so a data root morph never touched causes
 * no journal reasons.
 */
@FunctionalInterface
public interface JobHistory {
    JobHistory NONE = job -> Optional.empty();

    /** The job's last execution, if one is known. */
    Optional<LastExecution> last(JobId job);

    /**
     * Why the job's last execution is unknown although a record of it exists (it cannot be read), naming
     * the record; asked after {@link #last} found nothing.
     */
    default Optional<String> unreadable(JobId job) {
        return Optional.empty();
    }

    /** Says which jobs will be asked about, in order, so an implementation may read ahead. */
    default void readAhead(List<JobId> jobs) {
    }
}
