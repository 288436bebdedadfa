package dev.morph.plan;

import java.util.List;

/**
 * Why a job will run. The planner records reasons as data while it decides; the report formats turn
 * them into words or JSON. Codes are the ones in DESIGN.md.
 */
public sealed interface Reason {
    String code();

    /** A declared output does not exist. */
    record MissingOutput(String output) implements Reason {
        @Override
        public String code() {
            return "MISSING_OUTPUT";
        }
    }

    /** The newest input ({@code input}, at {@code inputTime}) is later than the oldest output. Times in ns. */
    record InputNewer(String input, long inputTime, String output, long outputTime) implements Reason {
        @Override
        public String code() {
            return "INPUT_NEWER";
        }
    }

    /** A job it depends on will run; {@code rootJob}'s {@code rootCause} is what started the chain. */
    record UpstreamWillRun(JobId upstream, JobId rootJob, Reason rootCause) implements Reason {
        @Override
        public String code() {
            return "UPSTREAM_WILL_RUN";
        }
    }

    /** Selected by {@code --force} or {@code --force-step} ({@code option} says which). */
    record Forced(String option) implements Reason {
        @Override
        public String code() {
            return "FORCED";
        }
    }

    /** The journal says its last execution started but did not succeed. */
    record Incomplete(String lastStatus, String runId) implements Reason {
        @Override
        public String code() {
            return "INCOMPLETE";
        }
    }

    /** A record of its last execution exists but cannot be read ({@code problem} names it): that execution is unknown. */
    record JournalUnreadable(String problem) implements Reason {
        @Override
        public String code() {
            return "JOURNAL_UNREADABLE";
        }
    }

    /** The command it would run differs from the one that built its outputs. */
    record CommandChanged(List<String> before, List<String> now) implements Reason {
        @Override
        public String code() {
            return "COMMAND_CHANGED";
        }
    }

    /** A param it uses differs from the value that built its outputs. */
    record ParamsChanged(String param, String before, String now) implements Reason {
        @Override
        public String code() {
            return "PARAMS_CHANGED";
        }
    }

    /** A fan-in job's experiment set differs from the one its outputs were built from. */
    record ExperimentSetChanged(List<String> added, List<String> removed) implements Reason {
        @Override
        public String code() {
            return "EXPERIMENT_SET_CHANGED";
        }
    }

    /** An input changed after its last execution started, so the outputs may hold a mix. Times in ns. */
    record InputChangedDuringBuild(String input, long inputTime, long buildStart) implements Reason {
        @Override
        public String code() {
            return "INPUT_CHANGED_DURING_BUILD";
        }
    }
}
