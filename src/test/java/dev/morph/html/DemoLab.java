package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morph.app.Project;
import dev.morph.cli.CliEnvironment;
import dev.morph.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fresh copy of README's demo data root (testdata/make-demo-root.sh) and morph run in-process on it. */
final class DemoLab {
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path PIPELINE = PROJECT.resolve("testdata/morph.yaml");

    final Path root;

    DemoLab(Path dir) throws IOException, InterruptedException {
        root = dir.resolve("demo");
        Process p = new ProcessBuilder("sh", PROJECT.resolve("testdata/make-demo-root.sh").toString(), root.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    Project project() {
        return new Project(PIPELINE, Optional.of(root), Project.Probing.DEFAULT, Project.HEARTBEAT_EXPIRY);
    }

    /** Runs morph with {@code args} on this root; fails the test unless it exits {@code expected}. Returns standard output. */
    String morph(int expected, String... args) {
        List<String> all = new ArrayList<>(List.of("-p", PIPELINE.toString(), "-r", root.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new CliEnvironment(Map.of(), PROJECT, false, ZoneId.of("UTC")), new PrintWriter(out), new PrintWriter(err),
                all.toArray(String[]::new));
        assertEquals(expected, code, out + "\n" + err);
        return out.toString();
    }
}
