package dev.morph.plan;

import dev.morph.artifact.ArtifactProbe;
import dev.morph.pipeline.RerunTrigger;
import java.util.List;
import java.util.Set;

/**
 * What morph remembers of a job's last execution, asked for the journal-based reasons
 * ({@code INCOMPLETE}, {@code COMMAND_CHANGED}, …). With no record a job has no such reason, so a data
 * root morph never touched is judged by existence and mtimes alone.
 */
public interface JobHistory {
    JobHistory NONE = new JobHistory() { // not a lambda: see Planner#artifacts
        @Override
        public List<Reason> reasons(Job job, List<String> experimentSet, Set<RerunTrigger> triggers, ArtifactProbe probe) {
            return List.of();
        }
    };

    /**
     * The journal reasons that hold for {@code job}. {@code experimentSet} is the experiments its fan-in
     * inputs include now (null when it has none).
     */
    List<Reason> reasons(Job job, List<String> experimentSet, Set<RerunTrigger> triggers, ArtifactProbe probe);

    /** Says which jobs will be asked about, in order, so an implementation may read ahead. */
    default void readAhead(List<JobId> jobs) {
    }
}
