package dev.morph.html;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.morph.app.Invocation;
import dev.morph.app.LogService;
import dev.morph.app.Project;
import dev.morph.app.ReportService;
import dev.morph.app.StopService;
import dev.morph.report.Json;
import dev.morph.text.Zone;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code morph serve}: the report's page, live, on the JDK's own HTTP server (no dependency, and
 * enough for the few people watching one data root). Pages use relative URLs only, so it works through
 * an SSH tunnel. Read-only apart from {@code POST api/stop}, which needs the token printed at start in
 * an {@code X-Morph-Token} header: a form on another site can neither set that header nor know the token.
 * On loopback the Host header must name loopback (no DNS rebinding); bound elsewhere, every request
 * needs the token. Logs are read only through {@link LogService#chunk}, which reads nothing outside the
 * run's logs under {@code .morph/}.
 */
public final class Dashboard implements AutoCloseable {
    private static final Duration LONG_POLL = Duration.ofSeconds(25);
    private static final int LOG_CHUNK = 64 * 1024;

    private final HttpServer server;
    private final LiveData live;
    private final String token;
    private final boolean loopback;
    private final String pipelineName;
    private final HtmlReport html;
    private final Project project;

    private Dashboard(HttpServer server, LiveData live, String token, boolean loopback, String pipelineName, HtmlReport html, Project project) {
        this.server = server;
        this.live = live;
        this.token = token;
        this.loopback = loopback;
        this.pipelineName = pipelineName;
        this.html = html;
        this.project = project;
    }

    /** Starts serving on {@code bind}:{@code port} (0: a free port); {@code warn} hears about failed refreshes. */
    public static Dashboard start(Project project, Invocation invocation, InetAddress bind, int port, Zone zone, int runs,
                                  Consumer<String> warn) throws Exception {
        HtmlReport html = new HtmlReport(zone);
        LiveData live = new LiveData(new ReportService(project), invocation, html, runs, warn);
        live.start();
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String name = live.current().report().status().workspace().pipeline().name();
        Dashboard d = new Dashboard(server, live, token, bind.isLoopbackAddress(), name, html, project);
        server.createContext("/", d::handle);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "morph-serve");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return d;
    }

    /** The address to open: with the token in the query when every page needs it. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        host = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + host + ":" + a.getPort() + "/" + (loopback ? "" : "?token=" + token);
    }

    public String token() {
        return token;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Map<String, String> q = query(x.getRequestURI());
            if (loopback && !loopbackHost(x.getRequestHeaders().getFirst("Host"))) {
                send(x, 403, "text/plain", "refused: the Host header does not name this machine's loopback address");
                return;
            }
            String given = x.getRequestHeaders().getFirst("X-Morph-Token");
            boolean tokenOk = matches(given != null ? given : q.get("token"));
            if (!loopback && !tokenOk) {
                send(x, 403, "text/plain", "refused: this dashboard needs the token morph serve printed (?token=…)");
                return;
            }
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if (path.equals("/api/stop")) {
                stop(x, method, tokenOk && given != null);
            } else if (!method.equals("GET")) {
                send(x, 405, "text/plain", "only GET here (and POST api/stop)");
            } else {
                switch (path) {
                    case "/" -> {
                        LiveData.Snapshot s = live.current();
                        send(x, 200, "text/html; charset=utf-8", html.page(pipelineName, s.data(), s.graph(), true));
                    }
                    case "/api/data" -> {
                        long since = number(q.get("since"), -1);
                        send(x, 200, "application/json", Json.compact(live.after(since, LONG_POLL).data()));
                    }
                    case "/api/graph" -> send(x, 200, "image/svg+xml", live.current().graph());
                    case "/api/log" -> log(x, q);
                    default -> send(x, 404, "text/plain", "not found");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            send(x, 500, "text/plain", "error: " + e.getMessage());
        }
    }

    private void stop(HttpExchange x, String method, boolean tokenInHeader) throws IOException {
        if (!method.equals("POST")) {
            send(x, 405, "text/plain", "stop is a POST");
            return;
        }
        if (!tokenInHeader) {
            send(x, 403, "text/plain", "refused: stopping a run needs the token morph serve printed");
            return;
        }
        String runId = new String(x.getRequestBody().readNBytes(200), StandardCharsets.UTF_8).trim();
        StopService.Answer a = new StopService(project).stop(runId);
        send(x, a.sent() ? 200 : 409, "text/plain", a.message());
    }

    private void log(HttpExchange x, Map<String, String> q) throws IOException {
        LogService.Chunk c = new LogService(project).chunk(q.getOrDefault("run", ""), q.getOrDefault("job", ""), number(q.get("from"), 0), LOG_CHUNK);
        x.getResponseHeaders().set("X-Morph-Next", Long.toString(c.next()));
        x.getResponseHeaders().set("X-Morph-Running", Boolean.toString(c.running()));
        send(x, 200, "text/plain; charset=utf-8", c.text());
    }

    private static void send(HttpExchange x, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var h = x.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Content-Security-Policy", HtmlReport.policy(true) + "; frame-ancestors 'none'");
        x.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a Host header names loopback ({@code localhost}, {@code 127.x}, {@code [::1]}), with any port (a tunnel's). */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceAll(":\\d+$", "");
        return name.equals("localhost") || name.equals("[::1]") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static long number(String text, long otherwise) {
        try {
            return text == null ? otherwise : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    @Override
    public void close() {
        live.close();
        server.stop(0);
    }
}
