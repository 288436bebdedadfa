package dev.morph.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a lock or drives a run: run ID, host, pid and the process's start time (to tell a live
 * owner from a new process that reused its pid). Liveness can only be checked on the owner's host;
 * elsewhere the run's heartbeat decides.
 */
public record Owner(String runId, String host, long pid, long pidStart) {
    private static volatile String hostName;

    public static Owner current(String runId) {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(runId, localHost(), self.pid(), startMillis(self));
    }

    /** This machine's name: $HOSTNAME, else the kernel's, else Java's lookup. */
    public static String localHost() {
        String h = hostName;
        if (h == null) {
            h = System.getenv("HOSTNAME");
            if (h == null || h.isBlank()) {
                try {
                    h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
                } catch (IOException | RuntimeException e) {
                    try {
                        h = InetAddress.getLocalHost().getHostName();
                    } catch (IOException ex) {
                        h = "localhost";
                    }
                }
            }
            hostName = h;
        }
        return h;
    }

    private static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    public boolean onThisHost() {
        return localHost().equals(host);
    }

    /**
     * Whether the owner process still runs, if that can be known here: empty on another host. A pid
     * whose process started at another time belongs to someone else now.
     */
    public Optional<Boolean> alive() {
        if (!onThisHost()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return Optional.of(false);
        }
        long started = startMillis(p.get());
        return Optional.of(pidStart == 0 || started == 0 || Math.abs(started - pidStart) < 2000);
    }

    @Override
    public String toString() {
        return "run " + runId + " (pid " + pid + " on " + host + ")";
    }
}
