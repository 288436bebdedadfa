package dev.morph.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cgroup (v2) per local job, where this process may make them: under its own cgroup, in
 * {@code morph-PID/job-N}. A job's processes stay in its cgroup whatever they do ({@code setsid},
 * double forks), so stopping the job stops them all. Where morph may not create cgroups (most
 * unprivileged accounts under systemd, cgroup v1 only, not Linux), {@link #create} gives {@link Job#NONE}
 * and jobs are contained by their session and process group only. A job with a memory limit also gets
 * a cgroup that enforces it where {@link MemoryCgroups} finds one.
 */
final class JobCgroups implements AutoCloseable {
    private static final JobCgroups NONE = new JobCgroups(null, Optional.empty());

    /** One count for the whole process: two runs in one JVM (tests, the dashboard) never share a job's cgroup. */
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Path dir;
    private final Optional<MemoryCgroups> memory;
    private final Set<Path> made = ConcurrentHashMap.newKeySet();

    /** A job's cgroups: {@code dir} holds its processes, {@code memory} limits them ("" each: none). */
    record Job(String dir, String memory) {
        static final Job NONE = new Job("", "");
    }

    private JobCgroups(Path dir, Optional<MemoryCgroups> memory) {
        this.dir = dir;
        this.memory = memory;
    }

    static JobCgroups detect() {
        return own().map(JobCgroups::under).orElse(NONE);
    }

    static JobCgroups none() {
        return NONE;
    }

    /** Whether jobs get cgroups of their own. */
    boolean available() {
        return dir != null;
    }

    /** Whether a job's memory limit is enforced (and its going over it seen). */
    boolean limitsMemory() {
        return memory.isPresent();
    }

    /** New, empty cgroups for one job, limiting its memory to {@code memoryBytes} unless that is 0. */
    Job create(long memoryBytes) {
        if (dir == null) {
            return Job.NONE;
        }
        Path job = dir.resolve("job-" + NEXT.incrementAndGet());
        try {
            // (the parent too, should another runner in this process have removed it when it closed)
            Files.createDirectories(job);
            made.add(job);
        } catch (IOException e) {
            return Job.NONE;
        }
        Optional<Path> limit = memoryBytes <= 0 ? Optional.empty() : memory.flatMap(m -> m.limit(job, memoryBytes));
        limit.ifPresent(made::add);
        return new Job(job.toString(), limit.map(Path::toString).orElse(""));
    }

    /** After the job's processes are gone: how many the kernel killed for going over its memory limit; removes its cgroups. */
    long end(Job job) {
        long kills = job.memory().isEmpty() ? 0 : MemoryCgroups.oomKills(Path.of(job.memory()));
        for (String d : List.of(job.memory(), job.dir())) {
            if (!d.isEmpty()) {
                MemoryCgroups.delete(Path.of(d));
                made.remove(Path.of(d));
            }
        }
        return kills;
    }

    /**
     * Removes the cgroups this runner made that are empty, then this process's cgroup directory if no
     * other runner still uses it (the supervisors remove their jobs' as the jobs end).
     */
    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        for (Path job : made) {
            try {
                Files.deleteIfExists(job);
            } catch (IOException e) {
                // a job's processes are still in it: left for the kernel's accounting, harmless
            }
        }
        memory.ifPresent(MemoryCgroups::close);
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // another runner in this process still has jobs in it
        }
    }

    /** This process's cgroup v2 directory, from {@code /proc/self/cgroup} and where cgroup2 is mounted. */
    private static Optional<Path> own() {
        try {
            Optional<String> line = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.startsWith("0::")).findFirst();
            if (line.isEmpty()) {
                return Optional.empty();
            }
            String relative = line.get().substring(3).replaceFirst("^/", "");
            for (Path mount : List.of(Path.of("/sys/fs/cgroup"), Path.of("/sys/fs/cgroup/unified"))) {
                if (Files.exists(mount.resolve("cgroup.controllers"))) {
                    return Optional.of(mount.resolve(relative));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no cgroup2: no cgroups
        }
        return Optional.empty();
    }

    private static JobCgroups under(Path parent) {
        removeStale(parent);
        Path dir = parent.resolve("morph-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir.resolve("cgroup.procs"))) {
                return new JobCgroups(dir, MemoryCgroups.detect(dir));
            }
            Files.deleteIfExists(dir);
        } catch (IOException | SecurityException e) {
            // not ours to divide
        }
        return NONE;
    }

    /** Removes what a morph killed before it could clean up left: empty directories of processes that are gone. */
    static void removeStale(Path parent) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, "morph-*")) {
            for (Path d : dirs) {
                String pid = d.getFileName().toString().substring("morph-".length());
                if (!pid.isEmpty() && pid.chars().allMatch(Character::isDigit)
                        && !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                    removeEmpty(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing to tidy, or not ours
        }
    }

    private static void removeEmpty(Path d) {
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(d, "job-*")) {
            for (Path j : jobs) {
                Files.deleteIfExists(j);
            }
            Files.deleteIfExists(d);
        } catch (IOException | RuntimeException e) {
            // a job's processes are still in it: left for the kernel's accounting, harmless
        }
    }
}
