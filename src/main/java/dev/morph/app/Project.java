package dev.morph.app;

import dev.morph.artifact.ProbeOptions;
import dev.morph.artifact.ProbeWidth;
import dev.morph.discover.Workspace;
import dev.morph.journal.Journal;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.load.PipelineLoader;
import dev.morph.run.RunStore;
import dev.morph.store.Clock;
import dev.morph.store.StateLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a request is answered: the pipeline file, the data root (empty: the pipeline's {@code data_root}),
 * how artifacts are read, and how long a run's heartbeat may be silent before its locks count as free.
 * Every service takes one; the CLI builds it from its global options and the environment.
 */
public record Project(Path pipelineFile, Optional<Path> dataRoot, Probing probing, Duration heartbeatExpiry) {
    /** The default heartbeat expiry ({@code $MORPH_HEARTBEAT_EXPIRY}). */
    public static final Duration HEARTBEAT_EXPIRY = Duration.ofSeconds(60);

    /**
     * How artifacts are read: {@code threads} directory walkers (empty: as many as the file system's
     * latency calls for), or the plain reference probe, to check the fast one's answers on a real data root.
     */
    public record Probing(OptionalInt threads, boolean reference) {
        public static final Probing DEFAULT = new Probing(OptionalInt.empty(), false);
        /** The walkers a learnt width starts with, and the most it reaches. */
        public static final int LEARNT_START = ProbeWidth.START;
        public static final int LEARNT_LIMIT = ProbeWidth.LIMIT;

        ProbeOptions options() {
            return new ProbeOptions(threads, reference);
        }
    }

    /** Loads the pipeline, checks the data root and discovers experiments; only reads. */
    public Workspace open() {
        return Workspace.open(pipelineFile, dataRoot).withProbing(probing.options());
    }

    /** Loads just the pipeline, for requests that need no data root. */
    public Pipeline pipeline() {
        return PipelineLoader.load(pipelineFile);
    }

    static StateLayout layout(Workspace ws) {
        return new StateLayout(ws.root());
    }

    static Journal journal(Workspace ws) {
        return new Journal(layout(ws));
    }

    /** The data root's run records, judged by the local clock (reading them writes nothing). */
    RunStore runs(Workspace ws) {
        return new RunStore(layout(ws), Clock.SYSTEM, heartbeatExpiry);
    }
}
