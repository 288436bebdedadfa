package dev.morph.html;

import dev.morph.app.Invocation;
import dev.morph.app.ReportService;
import dev.morph.report.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The dashboard's current data, recomputed from the services on one background thread, one computation
 * after another with {@link #PAUSE} between them, however many pages watch. Each change of the data
 * (not of the time it was made) gets a new version; pages wait for a version other than theirs.
 */
final class LiveData {
    static final Duration PAUSE = Duration.ofMillis(500);

    private final ReportService service;
    private final Invocation invocation;
    private final HtmlReport html;
    private final int runs;
    private final Consumer<String> warn;
    private Snapshot current;
    private volatile boolean closed;

    /** What one computation produced: the page data with its version, and the step graph. */
    record Snapshot(long version, Map<String, Object> data, String graph, ReportService.Report report) {
    }

    LiveData(ReportService service, Invocation invocation, HtmlReport html, int runs, Consumer<String> warn) {
        this.service = service;
        this.invocation = invocation;
        this.html = html;
        this.runs = runs;
        this.warn = warn;
    }

    /** Computes the first snapshot here (so errors reach the command line), then keeps it fresh in the background. */
    void start() throws Exception {
        publish(compute(0));
        Thread t = new Thread(this::refreshLoop, "morph-serve-refresh");
        t.setDaemon(true);
        t.start();
    }

    private void refreshLoop() {
        while (!closed) {
            try {
                Thread.sleep(PAUSE.toMillis());
                Snapshot now = current();
                Snapshot next = compute(now.version());
                if (!fingerprint(next.data()).equals(fingerprint(now.data())) || !next.graph().equals(now.graph())) {
                    publish(new Snapshot(now.version() + 1, withVersion(next.data(), now.version() + 1), next.graph(), next.report()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception | Error e) {
                warn.accept("could not refresh the dashboard: " + e.getMessage());
            }
        }
    }

    private Snapshot compute(long version) throws Exception {
        ReportService.Report report = service.report(invocation, runs);
        Map<String, Object> data = html.data(report, System.currentTimeMillis());
        return new Snapshot(version, withVersion(data, version), HtmlReport.stepGraph(report), report);
    }

    private static Map<String, Object> withVersion(Map<String, Object> data, long version) {
        Map<String, Object> out = new LinkedHashMap<>(data);
        out.put("live", Map.of("version", version));
        return out;
    }

    /** The data without what changes every time (when it was made, its version). */
    private static String fingerprint(Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.remove("generated");
        d.remove("live");
        return Json.compact(d);
    }

    private synchronized void publish(Snapshot s) {
        current = s;
        notifyAll();
    }

    synchronized Snapshot current() {
        return current;
    }

    /** The current snapshot once its version differs from {@code seen}, or after {@code wait} whatever it is. */
    synchronized Snapshot after(long seen, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (current.version() == seen && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return current;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
