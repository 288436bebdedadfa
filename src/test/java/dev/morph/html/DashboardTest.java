package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.app.Experiments;
import dev.morph.app.Invocation;
import dev.morph.text.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code morph serve}'s rules, over plain HTTP: the token, the Host header, what the log endpoint reads, read-only. */
class DashboardTest {
    @TempDir
    Path tmp;
    DemoLab lab;
    String runId;

    @BeforeEach
    void builtDemo() throws Exception {
        lab = new DemoLab(tmp);
        lab.morph(0, "run", "e2e", "-j", "2");
        try (Stream<Path> runs = Files.list(lab.root.resolve(".morph/runs"))) {
            runId = runs.findFirst().orElseThrow().getFileName().toString();
        }
        Files.writeString(tmp.resolve("secret.txt"), "not for the browser");
    }

    private Dashboard serve(InetAddress bind) throws Exception {
        return Dashboard.start(lab.project(), Invocation.status(Experiments.ALL), bind, 0, Zone.UTC, 20, w -> { });
    }

    @Test
    void loopback_servesThePage_checksTheHost_andStopNeedsTheTokenInAHeader() throws Exception {
        try (Dashboard d = serve(InetAddress.getLoopbackAddress())) {
            URI u = URI.create(d.url());
            assertTrue(http(u, "GET", "/", "localhost:9999", null, null).startsWith("HTTP/1.1 200"), "through a tunnel's port too");
            String page = http(u, "GET", "/", host(u), null, null);
            assertTrue(page.contains("Content-Security-Policy") && page.contains("connect-src 'self'"), page.substring(0, 400));
            assertFalse(page.contains(d.token()), "the page does not carry the token");
            assertTrue(http(u, "GET", "/", "evil.example:80", null, null).startsWith("HTTP/1.1 403"), "DNS rebinding refused");
            assertTrue(http(u, "POST", "/api/stop", host(u), null, runId).startsWith("HTTP/1.1 403"));
            assertTrue(http(u, "POST", "/api/stop?token=" + d.token(), host(u), null, runId).startsWith("HTTP/1.1 403"),
                    "a form can put the token in the URL, not in a header: refused");
            assertTrue(http(u, "POST", "/api/stop", host(u), "wrong", runId).startsWith("HTTP/1.1 403"));
            String ended = http(u, "POST", "/api/stop", host(u), d.token(), runId);
            assertTrue(ended.startsWith("HTTP/1.1 409") && ended.contains("not in progress"), ended);
            assertTrue(http(u, "GET", "/api/stop", host(u), d.token(), runId).startsWith("HTTP/1.1 405"));
            assertTrue(http(u, "DELETE", "/", host(u), d.token(), null).startsWith("HTTP/1.1 405"));
        }
    }

    @Test
    void logs_onlyAJobsOwnLogOfARun_nothingOutsideMorphsRecords() throws Exception {
        try (Dashboard d = serve(InetAddress.getLoopbackAddress())) {
            URI u = URI.create(d.url());
            String log = http(u, "GET", "/api/log?run=" + runId + "&job=build01%5B20250603_24hpf_wnt%5D&from=0", host(u), null, null);
            assertTrue(log.startsWith("HTTP/1.1 200") && log.contains("build01"), log);
            for (String q : List.of("run=..&job=secret.txt", "run=" + runId + "&job=..%2F..%2F..%2F..%2Fsecret.txt", "run=..%2F..%2F..&job=x",
                    "run=" + runId + "&job=build01%5B..%2F..%2F..%2F..%2F..%2Fsecret%5D", "run=%2Fetc&job=passwd")) {
                String r = http(u, "GET", "/api/log?" + q + "&from=0", host(u), null, null);
                assertFalse(r.contains("not for the browser") || r.contains("root:"), q + " → " + r);
            }
            assertTrue(http(u, "GET", "/secret.txt", host(u), null, null).startsWith("HTTP/1.1 404"));
        }
    }

    @Test
    void boundElsewhere_everyPageNeedsTheToken() throws Exception {
        try (Dashboard d = serve(InetAddress.getByName("0.0.0.0"))) {
            URI u = URI.create(d.url());
            assertTrue(d.url().contains("?token="), d.url());
            assertTrue(http(u, "GET", "/", host(u), null, null).startsWith("HTTP/1.1 403"));
            assertTrue(http(u, "GET", "/api/data?since=-1", host(u), null, null).startsWith("HTTP/1.1 403"));
            assertTrue(http(u, "GET", "/?token=" + d.token(), host(u), null, null).startsWith("HTTP/1.1 200"));
            assertTrue(http(u, "GET", "/api/data?since=-1", host(u), d.token(), null).startsWith("HTTP/1.1 200"));
        }
    }

    private static String host(URI u) {
        return u.getHost() + ":" + u.getPort();
    }

    /** One raw HTTP/1.1 request (to set any Host header), the whole response as text. */
    private static String http(URI u, String method, String path, String host, String token, String body) throws IOException {
        String connectTo = u.getHost().equals("0.0.0.0") ? "127.0.0.1" : u.getHost();
        try (Socket s = new Socket(connectTo, u.getPort())) {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String req = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (token == null ? "" : "X-Morph-Token: " + token + "\r\n") + "Content-Length: " + b.length + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.UTF_8));
            out.write(b);
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
