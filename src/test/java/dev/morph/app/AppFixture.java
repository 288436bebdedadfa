package dev.morph.app;

import dev.morph.exec.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A small lab for the service tests, on a real temporary directory: two experiments under
 * {@code raw/{exp}/}, a per-experiment step {@code prep} whose command copies the raw file (with
 * {@code sh}), and a global {@code combine} over every {@code prep} output.
 */
final class AppFixture {
    static final String PIPELINE = """
            name: lab
            experiments:
              pattern: raw/{exp}/
            steps:
              prep:
                inputs:
                  raw: raw/{exp}/
                outputs:
                  out: prep/{exp}.txt
                command: "cat {inputs.raw}/* > {outputs.out}"
              combine:
                scope: global
                inputs:
                  preps: {from: prep}
                outputs:
                  all: all.txt
                command: "cat {inputs.preps} > {outputs.all}"
            """;
    static final String A = "20250101_a";
    static final String B = "20250102_b";

    final Path dir;
    final Path root;
    final Project project;

    AppFixture(Path dir) throws IOException {
        this.dir = dir;
        this.root = Files.createDirectories(dir.resolve("root"));
        Path pipeline = Files.writeString(dir.resolve("pipe.yaml"), PIPELINE);
        write("raw/" + A + "/img.txt", "a", 100);
        write("raw/" + B + "/img.txt", "b", 100);
        project = new Project(pipeline, Optional.of(root), Project.Probing.DEFAULT, Project.HEARTBEAT_EXPIRY);
    }

    /** Writes {@code text} to {@code path} under the data root with mtime {@code seconds} after the epoch. */
    Path write(String path, String text, long seconds) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(seconds * 1000));
        return file;
    }

    static RunRequest run(Invocation invocation, String runId, String resume, boolean planGiven) {
        return new RunRequest(invocation, planGiven, new RunRequest.Execution(1, null, false, 0, null, "1s", "local", 100, 10, "2s", "1s"),
                runId, resume);
    }

    static Invocation everything() {
        return Invocation.of(List.of(), false, Experiments.ALL, false, List.of(), Map.of(), null);
    }

    /** Progress that shows nothing. */
    static final Function<RunWatch, Progress> QUIET = state -> Progress.NONE;
}
