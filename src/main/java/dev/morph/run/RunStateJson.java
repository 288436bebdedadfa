package dev.morph.run;

import com.fasterxml.jackson.databind.util.StdConverter;
import java.util.List;

/**
 * The layout of {@code state.json}: one flat object per run and per job, with the field names and order
 * every morph has written (older and newer morphs read each other's files; unknown fields are skipped).
 * {@link RunState} groups the same fields into nested values; these records are the file's schema,
 * converted to and from it by data binding ({@code StateJson}'s mapper names them in snake_case).
 */
final class RunStateJson {
    private RunStateJson() {
    }

    /** A run as its file holds it. */
    record File(String runId, RunStatus status, RunReason reasonCode, String message, String pipeline, String dataRoot,
                RunState.InvocationRecord invocation, Owner owner, String resumeOf, String executor, String startedAt, String endedAt,
                String heartbeatAt, RunState.Metrics metrics, List<JobFile> jobs, List<RunState.BlockedEntry> blocked,
                List<RunState.HistoryEntry> history, String resumeCommand) {
    }

    /** A job of a run as its file holds it. */
    record JobFile(String id, String step, String experiment, List<RunState.ReasonEntry> reasons, JobStatus status, JobReason reasonCode,
                   String message, int attempts, String startedAt, String endedAt, Integer exitCode, String log, Long pid, String executorId,
                   String executorState) {
    }

    static final class ToFile extends StdConverter<RunState, File> {
        @Override
        public File convert(RunState s) {
            return new File(s.runId(), s.outcome().status(), s.outcome().reason(), s.outcome().message(), s.origin().pipeline(),
                    s.origin().dataRoot(), s.origin().invocation(), s.origin().owner(), s.origin().resumeOf(), s.origin().executor(),
                    s.span().startedAt(), s.span().endedAt(), s.heartbeatAt(), s.metrics(),
                    s.jobs() == null ? null : s.jobs().stream().map(ToFile::job).toList(), s.blocked(), s.history(), s.resumeCommand());
        }

        private static JobFile job(RunState.JobEntry j) {
            RunState.JobEntry.Outcome o = j.outcome();
            RunState.JobEntry.Execution e = j.execution();
            return new JobFile(j.id(), j.step(), j.experiment(), j.reasons(), o.status(), o.reason(), o.message(), j.attempts(),
                    j.span().startedAt(), j.span().endedAt(), o.exitCode(), e.log(), e.pid(), e.executorId(), e.executorState());
        }
    }

    static final class FromFile extends StdConverter<File, RunState> {
        @Override
        public RunState convert(File f) {
            List<RunState.JobEntry> jobs = f.jobs() == null ? null : f.jobs().stream().map(FromFile::job).toList();
            return new RunState(f.runId(), new RunState.Outcome(f.status(), f.reasonCode(), f.message()),
                    new RunState.Origin(f.pipeline(), f.dataRoot(), f.invocation(), f.owner(), f.resumeOf(), f.executor()),
                    new RunState.Span(f.startedAt(), f.endedAt()), f.heartbeatAt(), interruptedApart(f.metrics(), jobs),
                    jobs, f.blocked(), f.history(), f.resumeCommand());
        }

        /** Records written before interrupted jobs were counted apart counted them as failed. */
        private static RunState.Metrics interruptedApart(RunState.Metrics m, List<RunState.JobEntry> jobs) {
            int interrupted = jobs == null ? 0 : (int) jobs.stream().filter(j -> j.status() == JobStatus.INTERRUPTED).count();
            if (m == null || m.interrupted() != 0 || interrupted == 0 || m.failed() < interrupted) {
                return m;
            }
            int failed = m.failed() - interrupted;
            return new RunState.Metrics(m.jobsTotal(), m.completed(), failed, m.skipped(), m.running(), m.remaining(), m.attempts(),
                    m.retries(), m.retryRate(), m.completed() + failed == 0 ? null : (double) m.completed() / (m.completed() + failed),
                    m.durationMs(), interrupted);
        }

        private static RunState.JobEntry job(JobFile j) {
            return new RunState.JobEntry(j.id(), j.step(), j.experiment(), j.reasons(),
                    new RunState.JobEntry.Outcome(j.status(), j.reasonCode(), j.message(), j.exitCode()), j.attempts(),
                    new RunState.Span(j.startedAt(), j.endedAt()),
                    new RunState.JobEntry.Execution(j.log(), j.pid(), j.executorId(), j.executorState()));
        }
    }
}
