package dev.morph.cluster;

import dev.morph.exec.JobSpec;
import dev.morph.plan.CommandRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The shell script a cluster job runs: the job's environment (as for local runs), the command in its
 * working directory, and its exit code written atomically to a file — also when the scheduler stops it
 * with a signal (trapped, forwarded to the command). Only SIGKILL leaves no file; then the scheduler's
 * accounting is asked.
 */
final class JobScript {
    private JobScript() {
    }

    /** {@code token}: this submission's, written with the scheduler's job ID to the started file as the job starts. */
    static void write(Path script, Path exitFile, String token, JobSpec spec) throws IOException {
        write(script, exitFile, token, spec, List.of(), Duration.ZERO);
    }

    /**
     * {@code upstream}: exit-code files of the jobs it is held on; it starts nothing (and writes no start
     * file) unless each says 0, waiting up to {@code wait} for each to become visible.
     */
    static void write(Path script, Path exitFile, String token, JobSpec spec, List<Path> upstream, Duration wait)
            throws IOException {
        Path started = Submissions.startedFile(script);
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# morph job ").append(spec.id()).append(", run ").append(spec.runId()).append(", attempt ").append(spec.attempt())
                .append(" (generated; its exit code goes to ").append(exitFile.getFileName()).append(")\n");
        s.append("exit_file=").append(CommandRenderer.quote(exitFile.toString())).append('\n');
        s.append("started=").append(CommandRenderer.quote(started.toString())).append('\n');
        for (Path up : upstream) {
            String f = CommandRenderer.quote(up.toString());
            s.append("n=0; while [ ! -s ").append(f).append(" ] && [ $n -lt ").append(Math.max(1, wait.toSeconds()))
                    .append(" ]; do sleep 1; n=$((n+1)); done\n");
            s.append("[ \"$(cat ").append(f).append(" 2>/dev/null)\" = 0 ] || { echo \"morph: not started: upstream job ended without success (")
                    .append(up.getFileName()).append(")\" >&2; exit 75; }\n");
        }
        s.append("printf '%s %s\\n' ").append(CommandRenderer.quote(token))
                .append(" \"${SLURM_JOB_ID:-$JOB_ID}\" > \"$started.tmp.$$\" && mv -f \"$started.tmp.$$\" \"$started\"\n");
        s.append("child=\n");
        s.append("finish() { printf '%s\\n' \"$1\" > \"$exit_file.tmp.$$\" && mv -f \"$exit_file.tmp.$$\" \"$exit_file\"; exit \"$1\"; }\n");
        s.append("stop() { if [ -n \"$child\" ]; then kill -TERM \"$child\" 2>/dev/null; wait \"$child\" 2>/dev/null; fi; finish \"$1\"; }\n");
        s.append("trap 'stop 129' HUP\ntrap 'stop 130' INT\ntrap 'stop 143' TERM\ntrap 'stop 138' USR1\ntrap 'stop 140' USR2\n");
        // the submitting shell's PATH, as a local run has it: Grid Engine starts jobs with almost no environment
        String path = System.getenv("PATH");
        if (path != null && !spec.env().containsKey("PATH")) {
            s.append("export PATH=").append(CommandRenderer.quote(path)).append('\n');
        }
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            s.append("export ").append(e.getKey()).append('=').append(CommandRenderer.quote(e.getValue())).append('\n');
        }
        s.append("cd ").append(CommandRenderer.quote(spec.workdir().toString()))
                .append(" || { echo \"morph: working directory ").append(spec.workdir()).append(" does not exist\" >&2; finish 127; }\n");
        s.append(CommandRenderer.shellLine(spec.argv())).append(" </dev/null &\n");
        s.append("child=$!\nwait \"$child\"\nfinish $?\n");
        Files.createDirectories(script.getParent());
        Files.deleteIfExists(exitFile);
        Files.deleteIfExists(started);
        Files.writeString(script, s.toString(), StandardCharsets.UTF_8);
        script.toFile().setExecutable(true);
    }
}
