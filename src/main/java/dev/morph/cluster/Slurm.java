package dev.morph.cluster;

import dev.morph.journal.Usage;
import dev.morph.pipeline.ClusterOptions;
import dev.morph.pipeline.Resources;
import dev.morph.run.JobReason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SLURM through sbatch, squeue, scancel and scontrol. Resources map to {@code --cpus-per-task},
 * {@code --mem}, {@code --gres=gpu:N}, {@code --time} (whole minutes, rounded up) and
 * {@code --partition}/{@code --account}; {@code submit_args} are added last, so they can override.
 */
public final class Slurm implements BatchSystem {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Set<String> ACTIVE = Set.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED",
            "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED");
    private static final Pattern FIELD = Pattern.compile("(JobState|ExitCode|Reason)=(\\S+)");

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public Optional<String> unavailable() {
        try {
            Commands.Output o = Commands.run(List.of("sinfo", "-h", "-o", "%P"), LIMIT);
            return o.code() == 0 ? Optional.empty() : Optional.of("SLURM does not answer: " + o.complaint());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public List<String> submitCommand(Path script, Path log, String jobName, String token, Resources resources, Duration timeout,
            ClusterOptions options) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=" + jobName, "--comment=" + token, "--output=" + log,
                "--error=" + log, "--open-mode=append"));
        if (resources.get(Resources.CPUS) > 0) {
            cmd.add("--cpus-per-task=" + resources.get(Resources.CPUS));
        }
        if (resources.get(Resources.MEM_MB) > 0) {
            cmd.add("--mem=" + resources.get(Resources.MEM_MB) + "M");
        }
        if (resources.get(Resources.GPUS) > 0) {
            cmd.add("--gres=gpu:" + resources.get(Resources.GPUS));
        }
        if (timeout != null) {
            cmd.add("--time=" + BatchSystem.minutes(timeout));
        }
        options.queue().ifPresent(p -> cmd.add("--partition=" + p));
        options.account().ifPresent(a -> cmd.add("--account=" + a));
        options.qos().ifPresent(q -> cmd.add("--qos=" + q));
        cmd.addAll(options.submitArgs());
        cmd.add(script.toString());
        return cmd;
    }

    /** A dependency that can never be satisfied (an upstream failed) makes SLURM remove the job itself. */
    @Override
    public List<String> holdOptions(List<String> upstreamIds) {
        return List.of("--dependency=afterok:" + String.join(":", upstreamIds), "--kill-on-invalid-dep=yes");
    }

    @Override
    public String submit(List<String> command) throws SubmitException, IOException {
        Commands.Output o = Commands.run(command, LIMIT);
        String id = o.out().strip();
        int semi = id.indexOf(';');
        id = semi < 0 ? id : id.substring(0, semi);
        if (o.code() != 0 || !id.matches("\\d+")) {
            throw new SubmitException("sbatch refused the job: " + o.complaint());
        }
        return id;
    }

    @Override
    public Map<String, String> states() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String[] f : squeue("%i|%T")) {
            out.put(f[0], f[1]);
        }
        return out;
    }

    @Override
    public List<Queued> queued() throws IOException {
        List<Queued> out = new ArrayList<>();
        for (String[] f : squeue("%i|%T|%k")) {
            if (f.length == 3 && !f[2].isBlank() && !"(null)".equals(f[2])) {
                out.add(new Queued(f[0], f[1], f[2]));
            }
        }
        return out;
    }

    /** This user's jobs, finished ones the controller still remembers included, one line of fields each. */
    private static List<String[]> squeue(String format) throws IOException {
        Commands.Output o = Commands.run(List.of("squeue", "-h", "-t", "all", "--me", "-o", format), LIMIT);
        if (o.code() != 0) {
            throw new IOException("squeue failed: " + o.complaint());
        }
        List<String[]> out = new ArrayList<>();
        for (String line : o.out().split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length >= 2 && f[0].matches("\\d+")) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public boolean finished(String state) {
        return !ACTIVE.contains(state);
    }

    @Override
    public JobReason reasonFor(String state) {
        return switch (state) {
            case "TIMEOUT", "DEADLINE" -> JobReason.SCHEDULER_TIMEOUT;
            case "OUT_OF_MEMORY" -> JobReason.OUT_OF_MEMORY;
            case "CANCELLED" -> JobReason.CANCELLED;
            case "NODE_FAIL", "BOOT_FAIL" -> JobReason.NODE_FAIL;
            case "PREEMPTED" -> JobReason.PREEMPTED;
            default -> null;
        };
    }

    @Override
    public void cancel(Collection<String> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("scancel"));
        cmd.addAll(ids);
        Commands.run(cmd, LIMIT);
    }

    @Override
    public Optional<Accounting> accounting(String id) throws IOException {
        Commands.Output o = Commands.run(List.of("scontrol", "-o", "show", "job", id), LIMIT);
        if (o.code() != 0) {
            return Optional.empty();
        }
        Map<String, String> f = new HashMap<>();
        Matcher m = FIELD.matcher(o.out());
        while (m.find()) {
            f.putIfAbsent(m.group(1), m.group(2));
        }
        String state = f.get("JobState");
        if (state == null || !finished(state)) {
            return Optional.empty();
        }
        Integer code = null;
        String exit = f.get("ExitCode");
        if (exit != null && exit.matches("\\d+:\\d+")) {
            String[] parts = exit.split(":");
            int signal = Integer.parseInt(parts[1]);
            code = signal != 0 ? 128 + signal : Integer.parseInt(parts[0]);
        }
        return Optional.of(new Accounting(state, code, reasonFor(state), "SLURM: JobState=" + state + " ExitCode=" + exit
                + (f.containsKey("Reason") ? " Reason=" + f.get("Reason") : "")));
    }

    /** From {@code sacct}: the allocation's elapsed time and TotalCPU (all steps), the largest MaxRSS of its steps. */
    @Override
    public Optional<Usage> usage(String id) {
        try {
            Commands.Output o = Commands.run(List.of("sacct", "-j", id, "-n", "-P", "--format=ElapsedRaw,TotalCPU,MaxRSS"), LIMIT);
            if (o.code() != 0 || o.out().isBlank()) {
                return Optional.empty();
            }
            String[] lines = o.out().strip().split("\n");
            String[] job = lines[0].split("\\|", -1);
            Long peak = null;
            for (String line : lines) {
                Long rss = UsageText.bytes(line.split("\\|", -1)[2]);
                peak = rss == null ? peak : peak == null ? rss : Math.max(peak, rss);
            }
            Long wall = job[0].isBlank() ? null : Long.parseLong(job[0].trim()) * 1000;
            return Optional.of(Usage.measured(wall, UsageText.clockMs(job[1]), peak));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
