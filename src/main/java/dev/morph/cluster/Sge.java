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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (Son of) Grid Engine through qsub, qstat, qdel and qacct. Resources map to {@code -pe PE N} (when the
 * pipeline names a parallel environment), {@code -l h_vmem} per slot (or the memory resource the lab
 * uses, e.g. {@code mem_free}), {@code -l gpu=N} (or the lab's GPU resource), {@code -l h_rt} and
 * {@code -q}/{@code -A}; {@code submit_args} are added last.
 */
public final class Sge implements BatchSystem {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** How long a job's end may wait for its resource use: qacct is slow on large accounting files, and usage is a nicety. */
    private static final Duration USAGE_LIMIT = Duration.ofSeconds(5);
    private static final Pattern JOB_LINE = Pattern.compile("\\s*(\\d+)\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+)\\s");
    /** The job's memory limit in its category ({@code -l h_rt=3,h_vmem=100M}). */
    private static final Pattern H_VMEM = Pattern.compile("\\bh_vmem=([0-9.]+[kKmMgGtT]?)");
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)([kKmMgGtT]?)");
    private static final Pattern DETAIL = Pattern.compile("(job_number|context):\\s+(\\S.*)");
    /** The context variable that carries a job's submission token. */
    private static final String CONTEXT = "morph";
    /** Debian's gridengine defaults, for shells that did not source its settings file. */
    private static final Map<String, String> ENV = Map.of("SGE_ROOT", "/var/lib/gridengine", "SGE_CELL", "default");

    @Override
    public String name() {
        return "sge";
    }

    @Override
    public Optional<String> unavailable() {
        try {
            Commands.Output o = Commands.run(List.of("qstat"), ENV, LIMIT);
            return o.code() == 0 ? Optional.empty() : Optional.of("Grid Engine does not answer: " + o.complaint());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public List<String> submitCommand(Path script, Path log, String jobName, String token, Resources resources, Duration timeout,
            ClusterOptions options) {
        List<String> cmd = new ArrayList<>(List.of("qsub", "-terse", "-N", jobName, "-ac", CONTEXT + "=" + token, "-o", log.toString(), "-j", "y", "-S", "/bin/sh"));
        long slots = Math.max(1, resources.get(Resources.CPUS));
        if (slots > 1 && options.parallelEnvironment().isPresent()) {
            cmd.addAll(List.of("-pe", options.parallelEnvironment().get(), Long.toString(slots)));
        } else {
            slots = 1;
        }
        if (resources.get(Resources.MEM_MB) > 0) {
            long perSlot = (resources.get(Resources.MEM_MB) + slots - 1) / slots;
            cmd.addAll(List.of("-l", options.memoryResource().orElse("h_vmem") + "=" + perSlot + "M"));
        }
        if (resources.get(Resources.GPUS) > 0) {
            cmd.addAll(List.of("-l", options.gpuResource().orElse("gpu") + "=" + resources.get(Resources.GPUS)));
        }
        if (timeout != null) {
            cmd.addAll(List.of("-l", "h_rt=" + BatchSystem.hms(timeout)));
        }
        options.queue().ifPresent(q -> cmd.addAll(List.of("-q", q)));
        options.account().ifPresent(a -> cmd.addAll(List.of("-A", a)));
        cmd.addAll(options.submitArgs());
        cmd.add(script.toString());
        return cmd;
    }

    /** Grid Engine holds until the jobs end however they end: the job script checks their exit codes before it starts the command. */
    @Override
    public List<String> holdOptions(List<String> upstreamIds) {
        return List.of("-hold_jid", String.join(",", upstreamIds));
    }

    @Override
    public String submit(List<String> command) throws SubmitException, IOException {
        Commands.Output o = Commands.run(command, ENV, LIMIT);
        String id = o.out().strip();
        int dot = id.indexOf('.');
        id = dot < 0 ? id : id.substring(0, dot);
        if (o.code() != 0 || !id.matches("\\d+")) {
            throw new SubmitException("qsub refused the job: " + o.complaint());
        }
        return id;
    }

    /** {@code qstat -u USER}: a line per job ({@code id prior name user state …}). */
    @Override
    public Map<String, String> states() throws IOException {
        Commands.Output o = Commands.run(List.of("qstat", "-u", System.getProperty("user.name")), ENV, LIMIT);
        if (o.code() != 0) {
            throw new IOException("qstat failed: " + o.complaint());
        }
        Map<String, String> out = new HashMap<>();
        for (String line : o.out().split("\n")) {
            Matcher job = JOB_LINE.matcher(line);
            if (job.lookingAt()) {
                out.put(job.group(1), job.group(2));
            }
        }
        return out;
    }

    /** The states, and each job's context from {@code qstat -j '*'} (the token is the {@code morph} variable). */
    @Override
    public List<Queued> queued() throws IOException {
        Map<String, String> states = states();
        if (states.isEmpty()) {
            return List.of();
        }
        Commands.Output o = Commands.run(List.of("qstat", "-j", "*"), ENV, LIMIT);
        if (o.code() != 0 && !o.complaint().contains("do not exist")) {
            throw new IOException("qstat -j failed: " + o.complaint());
        }
        List<Queued> out = new ArrayList<>();
        String id = null;
        for (String line : o.out().split("\n")) {
            Matcher m = DETAIL.matcher(line);
            if (!m.lookingAt()) {
                continue;
            }
            if (m.group(1).equals("job_number")) {
                id = m.group(2).strip();
                continue;
            }
            for (String variable : m.group(2).strip().split(",")) {
                if (variable.startsWith(CONTEXT + "=") && states.containsKey(id)) {
                    out.add(new Queued(id, states.get(id), variable.substring(CONTEXT.length() + 1)));
                }
            }
        }
        return out;
    }

    /** Grid Engine drops finished jobs from qstat; a state with {@code E} is an error that will not clear by itself. */
    @Override
    public boolean finished(String state) {
        return state.contains("E");
    }

    @Override
    public JobReason reasonFor(String state) {
        return state.contains("E") ? JobReason.SCHEDULER_ERROR : null;
    }

    @Override
    public void cancel(Collection<String> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("qdel"));
        cmd.addAll(ids);
        Commands.run(cmd, ENV, LIMIT);
    }

    /** The {@code error reason} lines of {@code qstat -j ID}. */
    @Override
    public Optional<String> errorReason(String id) throws IOException {
        Commands.Output o = Commands.run(List.of("qstat", "-j", id), ENV, LIMIT);
        String reasons = o.out().lines().filter(l -> l.startsWith("error reason")).map(l -> l.replaceFirst("^error reason\\s*\\d*:\\s*", "").strip())
                .collect(java.util.stream.Collectors.joining("; "));
        return reasons.isEmpty() ? Optional.empty() : Optional.of(reasons);
    }

    @Override
    public Optional<Accounting> accounting(String id) throws IOException {
        Commands.Output o = Commands.run(List.of("qacct", "-j", id), ENV, LIMIT);
        if (o.code() != 0) {
            return Optional.empty();
        }
        Map<String, String> f = fields(o.out());
        Integer exit = f.containsKey("exit_status") ? Integer.valueOf(f.get("exit_status").split("\\s+")[0]) : null;
        String failed = f.getOrDefault("failed", "0");
        Long maxvmem = UsageText.bytes(f.get("maxvmem"));
        Matcher limit = H_VMEM.matcher(f.getOrDefault("category", ""));
        Long hVmem = limit.find() ? memory(limit.group(1)) : null;
        long slots = f.getOrDefault("slots", "1").matches("\\d+") ? Long.parseLong(f.get("slots")) : 1;
        JobReason reason = reason(failed, exit, maxvmem, hVmem == null ? null : hVmem * slots);
        return Optional.of(new Accounting(failed.startsWith("0") && (exit == null || exit == 0) ? "done" : "failed", exit, reason,
                "Grid Engine: exit_status=" + exit + " failed=" + failed
                        + (hVmem == null ? "" : " maxvmem=" + f.get("maxvmem") + " h_vmem=" + limit.group(1) + (slots > 1 ? "x" + slots : ""))));
    }

    /**
     * The reason of a finished job from its accounting, null for a plain exit. Killed ({@code failed}
     * not 0, or exit status 137) with {@code maxvmem} at or over its {@code h_vmem} limit is
     * {@code OUT_OF_MEMORY}: Grid Engine's own kill for going over it says {@code failed 37 : qmaster
     * enforced h_rt, h_cpu, or h_vmem limit}, as for a time limit, so the peak decides. A process refused
     * an allocation by the address-space limit that {@code h_vmem} also sets fails by itself and is a
     * plain exit: its peak stays under the limit, and Grid Engine records nothing else.
     */
    static JobReason reason(String failed, Integer exit, Long maxvmem, Long limit) {
        boolean killed = !failed.startsWith("0") || exit != null && exit == 137;
        if (killed && maxvmem != null && limit != null && maxvmem >= limit) {
            return JobReason.OUT_OF_MEMORY;
        } else if (failed.startsWith("0")) {
            return null;
        }
        String lower = failed.toLowerCase(Locale.ROOT);
        return lower.contains("h_rt") || lower.contains("s_rt") || lower.contains("h_cpu") ? JobReason.SCHEDULER_TIMEOUT
                : lower.contains("vmem") || lower.contains("memory") ? JobReason.OUT_OF_MEMORY : JobReason.CANCELLED;
    }

    /** Bytes of a Grid Engine memory specifier: {@code k}, {@code m}, {@code g}, {@code t} powers of 1000, upper case of 1024. */
    static Long memory(String text) {
        Matcher m = MEMORY.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(2);
        int power = unit.isEmpty() ? 0 : "kmgt".indexOf(unit.toLowerCase(Locale.ROOT)) + 1;
        return Math.round(Double.parseDouble(m.group(1)) * Math.pow(unit.equals(unit.toUpperCase(Locale.ROOT)) ? 1024 : 1000, power));
    }

    /** The first value of each {@code key value} line of {@code qacct -j}. */
    private static Map<String, String> fields(String qacct) {
        Map<String, String> f = new HashMap<>();
        for (String line : qacct.split("\n")) {
            String[] kv = line.trim().split("\\s+", 2);
            if (kv.length == 2) {
                f.putIfAbsent(kv[0], kv[1].trim());
            }
        }
        return f;
    }

    /** From {@code qacct}: {@code ru_wallclock}, {@code cpu} (seconds) and {@code maxvmem} (Grid Engine keeps no resident peak). */
    @Override
    public Optional<Usage> usage(String id) {
        try {
            Commands.Output o = Commands.run(List.of("qacct", "-j", id), ENV, USAGE_LIMIT);
            if (o.code() != 0) {
                return Optional.empty();
            }
            Map<String, String> f = fields(o.out());
            return Optional.of(Usage.measured(UsageText.secondsMs(f.get("ru_wallclock")), UsageText.secondsMs(f.get("cpu")),
                    UsageText.bytes(f.get("maxvmem"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
