package dev.morph.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One mount of the latency file system ({@code src/bench/netfs/}, built by {@code run.sh} as
 * {@code target/bench-netfs}): a data root seen through a FUSE passthrough whose metadata calls each
 * take {@code delayUs} more, with nothing cached by the kernel. {@link #counters()} asks the server for
 * its counters (SIGUSR1) and waits for the new dump. {@link #close()} unmounts; a shutdown hook does it
 * too when the benchmark is interrupted, and the server unmounts by itself when its parent dies or it
 * gets SIGINT (Ctrl-C reaches it with the benchmark, as one process group).
 *
 * <p>Mount from a thread that lives as long as the mount (the benchmark's main thread): the server's
 * parent-death signal follows the thread that started it.
 */
public final class NetFs implements AutoCloseable {
    /** The server: its executable, the delay per metadata call and how many threads serve requests. */
    public record Config(Path binary, int delayUs, int serverThreads) {
        public Config {
            if (delayUs < 0) {
                throw new IllegalArgumentException("netfs latency (" + delayUs + " µs) must be 0 or more");
            }
            if (serverThreads < 1) {
                throw new IllegalArgumentException("netfs server threads (" + serverThreads + ") must be at least 1");
            }
        }
    }

    private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(10);

    private final Path mountPoint;
    private final Path stats;
    private final Path log;
    private final Process server;
    private final Thread unmountOnExit;
    private long dumps;
    private boolean closed;

    private NetFs(Path mountPoint, Path stats, Path log, Process server, long dumps) {
        this.mountPoint = mountPoint;
        this.stats = stats;
        this.log = log;
        this.server = server;
        this.dumps = dumps;
        this.unmountOnExit = new Thread(this::unmountQuietly, "netfs-unmount");
    }

    /** The server's command line: read-only, foreground, {@code serverThreads} threads, counters to {@code stats}. */
    static List<String> command(Config config, Path source, Path mountPoint, Path stats) {
        return List.of(config.binary().toAbsolutePath().toString(), "--delay-us=" + config.delayUs(), "--stats=" + stats,
                "-o", "max_threads=" + config.serverThreads(), "-f", source.toString(), mountPoint.toString());
    }

    /**
     * Mounts {@code source} at {@code mountPoint} (created if absent; a mount left there by an earlier,
     * killed run is removed first) and returns once the server says it is mounted. Its output goes to
     * {@code log}.
     */
    public static NetFs mount(Config config, Path source, Path mountPoint, Path log) throws IOException, InterruptedException {
        if (!Files.isExecutable(config.binary())) {
            throw new IOException(config.binary() + " is not an executable: src/bench/run.sh builds it from src/bench/netfs/ when given --netfs");
        }
        Path point = mountPoint.toAbsolutePath().normalize();
        if (isMounted(point)) {
            fusermount("-u", "-z", point);
        }
        Files.createDirectories(point);
        point = point.toRealPath();
        Path stats = log.resolveSibling(log.getFileName() + ".stats").toAbsolutePath();
        Files.deleteIfExists(stats);
        Process server = new ProcessBuilder(command(config, source.toAbsolutePath().toRealPath(), point, stats))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NetFs fs = new NetFs(point, stats, log, server, 0);
        Runtime.getRuntime().addShutdownHook(fs.unmountOnExit);
        try {
            CallCounts first = fs.awaitDump(1, MOUNT_TIMEOUT);
            if (!first.state().equals("mounted") || !isMounted(point)) {
                throw new IOException("netfs did not mount " + point + " (state " + first.state() + "); see " + log);
            }
            return fs;
        } catch (IOException | InterruptedException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** The counters now: every request a command made has been counted once that command has exited. */
    public CallCounts counters() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(server.pid())).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IOException("could not signal the netfs server (pid " + server.pid() + "): "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
        return awaitDump(dumps + 1, DUMP_TIMEOUT);
    }

    private CallCounts awaitDump(long atLeast, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                CallCounts c = CallCounts.parse(Files.readAllLines(stats, StandardCharsets.UTF_8), stats.toString());
                if (c.dumps() >= atLeast) {
                    dumps = c.dumps();
                    return c;
                }
            } catch (NoSuchFileException e) {
                // not written yet
            }
            if (!server.isAlive()) {
                throw new IOException("the netfs server exited with status " + server.exitValue() + " before answering; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the netfs server wrote no counters to " + stats + " within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Unmounts and waits for the server to exit. A mount still in use (a command killed with the benchmark
     * may still be walking it) is detached at once and goes when its last user does; a server that has not
     * exited after 10 s is killed.
     */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(unmountOnExit);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running or has run
        }
        if (isMounted(mountPoint)) {
            fusermount("-u", mountPoint);
        }
        if (isMounted(mountPoint)) {
            fusermount("-u", "-z", mountPoint);
        }
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
        if (isMounted(mountPoint)) {
            throw new IOException("could not unmount " + mountPoint + "; run fusermount3 -u -z " + mountPoint);
        }
    }

    private void unmountQuietly() {
        try {
            close();
        } catch (IOException | InterruptedException e) {
            System.err.println("netfs: " + e.getMessage());
        }
    }

    private static void fusermount(Object... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("fusermount3"));
        for (Object a : args) {
            argv.add(a.toString());
        }
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** Whether a file system is mounted at {@code point} (an absolute, real path), as /proc/self/mountinfo says. */
    static boolean isMounted(Path point) throws IOException {
        return mountPoints(Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)).contains(point.toString());
    }

    /** The mount points of mountinfo lines (the fifth field, with its octal escapes of spaces and the like undone). */
    static List<String> mountPoints(List<String> mountinfo) {
        List<String> out = new ArrayList<>();
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                out.add(unescape(f[4]));
            }
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
