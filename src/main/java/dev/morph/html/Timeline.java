package dev.morph.html;

import dev.morph.run.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A run's jobs as bars on lanes, as Nextflow's timeline draws them: each job that started is a bar from
 * its start to its end (or to now, while it runs), on the first lane free by then, so a lane never holds
 * two jobs at once and the number of lanes is the run's peak parallelism. A job's wait is the time from
 * when it could have started (the run's start, or the end of the last of its upstream jobs in this run)
 * to when it did: time spent for a free slot, a resource or the scheduler.
 */
public record Timeline(long startMs, long endMs, List<Bar> bars, int lanes) {
    /** One job: its lane, when it started and ended (ms since the epoch), and how long it waited once it could start. */
    public record Bar(RunState.JobEntry job, int lane, long startMs, long endMs, long waitMs) {
    }

    /** The timeline of {@code run}; {@code upstream} names the jobs each job reads from (by job ID), as the plan has them. */
    public static Timeline of(RunState run, long nowMs, Function<String, List<String>> upstream) {
        long runStart = ms(run.span().startedAt(), nowMs);
        Map<String, Long> ends = new HashMap<>();
        run.jobs().stream().filter(j -> j.span().startedAt() != null).forEach(j -> ends.put(j.id(), ms(j.span().endedAt(), nowMs)));
        List<RunState.JobEntry> started = run.jobs().stream().filter(j -> j.span().startedAt() != null)
                .sorted(Comparator.comparing((RunState.JobEntry j) -> ms(j.span().startedAt(), nowMs)).thenComparing(RunState.JobEntry::id))
                .toList();
        List<Long> laneFree = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        long end = runStart;
        for (RunState.JobEntry j : started) {
            long s = ms(j.span().startedAt(), nowMs);
            long e = Math.max(s, ms(j.span().endedAt(), nowMs));
            int lane = 0;
            while (lane < laneFree.size() && laneFree.get(lane) > s) {
                lane++;
            }
            if (lane == laneFree.size()) {
                laneFree.add(e);
            } else {
                laneFree.set(lane, e);
            }
            long ready = upstream.apply(j.id()).stream().map(ends::get).filter(Objects::nonNull).reduce(runStart, Math::max);
            bars.add(new Bar(j, lane, s, e, Math.max(0, s - ready)));
            end = Math.max(end, e);
        }
        end = Math.max(end, ms(run.span().endedAt(), end));
        return new Timeline(runStart, end, bars, laneFree.size());
    }

    /** An ISO-8601 time in ms; {@code otherwise} when there is none (a job still running ends now). */
    static long ms(String iso, long otherwise) {
        return iso == null ? otherwise : Instant.parse(iso).toEpochMilli();
    }
}
