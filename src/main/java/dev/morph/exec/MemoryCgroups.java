package dev.morph.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a local job's memory limit (its step's {@code mem}) is enforced by the kernel, and how to tell
 * afterwards that the kernel killed one of the job's processes for going over it. On cgroup v2, when
 * the memory controller can be enabled for morph's job cgroups: the job's own cgroup, with
 * {@code memory.max} (and {@code memory.swap.max} 0) and the {@code oom_kill} count of
 * {@code memory.events}. On a hybrid machine whose memory controller is on cgroup v1: a second cgroup
 * per job in that hierarchy ({@code morph-PID/job-N}), with {@code memory.limit_in_bytes} (and
 * {@code memory.memsw.limit_in_bytes}, so no swap) and the {@code oom_kill} count of
 * {@code memory.oom_control}. Otherwise {@link #detect} finds none and memory is not limited.
 */
final class MemoryCgroups {
    private final boolean v2;
    /** cgroup v2: the job cgroups' parent ({@code morph-PID}); v1: that of this process in the memory hierarchy. */
    private final Path parent;

    private MemoryCgroups(boolean v2, Path parent) {
        this.v2 = v2;
        this.parent = parent;
    }

    /** The memory cgroups for jobs whose containing cgroups are made under {@code jobsParent} (cgroup v2). */
    static Optional<MemoryCgroups> detect(Path jobsParent) {
        return v2(jobsParent).or(MemoryCgroups::v1);
    }

    /**
     * The cgroup limiting the job to {@code bytes}: {@code jobDir} itself on v2, a new one named like it
     * on v1; empty when the limit cannot be set.
     */
    Optional<Path> limit(Path jobDir, long bytes) {
        Path dir = v2 ? jobDir : parent.resolve(jobDir.getFileName().toString());
        try {
            if (v2) {
                if (!Files.exists(dir.resolve("memory.max"))) {
                    // another runner in this process removed and remade the parent: enable the controller again
                    Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory");
                }
                Files.writeString(dir.resolve("memory.max"), Long.toString(bytes));
                writeIfPresent(dir.resolve("memory.swap.max"), "0");
            } else {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(bytes));
                writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(bytes));
            }
            return Optional.of(dir);
        } catch (IOException | RuntimeException e) {
            if (!v2) {
                delete(dir);
            }
            return Optional.empty();
        }
    }

    /** How many of the job's processes the kernel killed for going over the limit (the {@code oom_kill} count). */
    static long oomKills(Path dir) {
        try {
            for (String file : List.of("memory.events", "memory.oom_control")) {
                if (Files.exists(dir.resolve(file))) {
                    return Files.readAllLines(dir.resolve(file)).stream().filter(l -> l.startsWith("oom_kill "))
                            .mapToLong(l -> Long.parseLong(l.substring("oom_kill ".length()).trim())).sum();
                }
            }
        } catch (IOException | RuntimeException e) {
            // removed under us, or unreadable: no evidence of a kill
        }
        return 0;
    }

    /** Removes the v1 parent this made, once it is empty (on v2 it is the job cgroups' parent, removed with them). */
    void close() {
        if (!v2) {
            delete(parent);
        }
    }

    static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // processes are still in it: left for the kernel's accounting, harmless
        }
    }

    /**
     * The memory controller enabled for the children of {@code jobsParent}: it needs it in its own parent
     * (this process's cgroup, which may enable it only as the root cgroup or when no process is in it).
     */
    private static Optional<MemoryCgroups> v2(Path jobsParent) {
        try {
            if (!controllers(jobsParent).contains("memory")) {
                Files.writeString(jobsParent.getParent().resolve("cgroup.subtree_control"), "+memory");
            }
            Files.writeString(jobsParent.resolve("cgroup.subtree_control"), "+memory");
            return controllers(jobsParent).contains("memory") ? Optional.of(new MemoryCgroups(true, jobsParent)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> controllers(Path dir) throws IOException {
        return List.of(Files.readString(dir.resolve("cgroup.controllers")).trim().split("\\s+"));
    }

    /** This process's cgroup in a cgroup v1 memory hierarchy, with {@code morph-PID} made in it; it must count OOM kills. */
    private static Optional<MemoryCgroups> v1() {
        try {
            Optional<Path> mount = Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
                    .filter(f -> f.length > 3 && f[2].equals("cgroup") && List.of(f[3].split(",")).contains("memory"))
                    .map(f -> Path.of(f[1])).findFirst();
            Optional<String> own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().map(l -> l.split(":", 3))
                    .filter(f -> f.length == 3 && List.of(f[1].split(",")).contains("memory")).map(f -> f[2].replaceFirst("^/", "")).findFirst();
            if (mount.isEmpty() || own.isEmpty()) {
                return Optional.empty();
            }
            Path parent = Files.isDirectory(mount.get().resolve(own.get())) ? mount.get().resolve(own.get()) : mount.get();
            JobCgroups.removeStale(parent);
            Path dir = parent.resolve("morph-" + ProcessHandle.current().pid());
            Files.createDirectories(dir);
            if (Files.isWritable(dir.resolve("cgroup.procs")) && Files.readString(dir.resolve("memory.oom_control")).contains("oom_kill ")) {
                return Optional.of(new MemoryCgroups(false, dir));
            }
            delete(dir);
        } catch (IOException | RuntimeException e) {
            // no cgroup v1 memory hierarchy, or not ours to divide
        }
        return Optional.empty();
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            Files.writeString(file, value);
        }
    }
}
