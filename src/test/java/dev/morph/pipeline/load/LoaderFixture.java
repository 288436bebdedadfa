package dev.morph.pipeline.load;

import dev.morph.pipeline.Input;
import dev.morph.pipeline.Output;
import dev.morph.pipeline.Pipeline;
import dev.morph.pipeline.Step;
import dev.morph.pipeline.Template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.morph.ExitCodes;
import dev.morph.MorphException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shared by the {@code PipelineLoader*Test} classes: pipelines written inline into {@code /lab/pipelines}
 * on a Jimfs file system (closed after each test when registered with {@code @RegisterExtension}), and
 * the helpers that read a loaded {@link Pipeline} or check a {@link MorphException}. Every validation
 * error must be a {@link MorphException} with exit code 2 whose lines name the file and the line of the
 * problem.
 */
final class LoaderFixture implements AfterEachCallback {
    /** The name {@link #load(String)} and {@link #invalid(String)} give the pipeline they write. */
    static final String FILE = "pipe.yaml";

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        fs.close();
    }

    // ---------------------------------------------------------------- files on Jimfs

    /** A path on this fixture's file system. */
    Path path(String first, String... more) {
        return fs.getPath(first, more);
    }

    /** Writes {@code yaml} as {@code /lab/pipelines/<name>}. */
    Path write(String name, String yaml) {
        try {
            Path p = fs.getPath("/lab/pipelines", name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, yaml, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Pipeline load(String yaml) {
        return PipelineLoader.load(write(FILE, yaml));
    }

    /** Loads {@code yaml} as {@value #FILE} and returns the error it must raise. */
    MorphException invalid(String yaml) {
        return invalid(write(FILE, yaml));
    }

    static MorphException invalid(Path file) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> PipelineLoader.load(file));
        MorphException m = assertInstanceOf(MorphException.class, e, "a pipeline error must be a MorphException");
        assertEquals(ExitCodes.USAGE, m.exitCode(), "exit code of " + m.lines());
        assertFalse(m.lines().isEmpty());
        return m;
    }

    // ---------------------------------------------------------------- problems and their lines

    /** The 1-based line of the first line of {@code yaml} containing {@code marker}. */
    static int lineOf(String yaml, String marker) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("test bug: '" + marker + "' not in the pipeline text");
    }

    /** The n-th (1-based) line containing {@code marker}. */
    static int lineOf(String yaml, String marker, int nth) {
        String[] lines = yaml.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker) && ++seen == nth) {
                return i + 1;
            }
        }
        throw new AssertionError("test bug: '" + marker + "' not " + nth + " times in the pipeline text");
    }

    /** Asserts some line of {@code e} is {@code <file>:<line>: …} and holds every fragment. */
    static void assertProblem(MorphException e, String file, int line, String... fragments) {
        String prefix = file + ":" + line + ": ";
        for (String l : e.lines()) {
            int at = l.indexOf(prefix);
            boolean fileStart = at == 0 || (at > 0 && l.charAt(at - 1) == '/');
            if (at >= 0 && fileStart && containsAll(l, fragments)) {
                return;
            }
        }
        fail("expected a problem at " + prefix + " containing " + List.of(fragments) + ", got:\n  "
                + String.join("\n  ", e.lines()));
    }

    static void assertProblem(MorphException e, int line, String... fragments) {
        assertProblem(e, FILE, line, fragments);
    }

    /** Like {@link #assertProblem} and also that it is the only problem reported. */
    static void assertOnlyProblem(MorphException e, int line, String... fragments) {
        assertOnlyProblem(e, FILE, line, fragments);
    }

    static void assertOnlyProblem(MorphException e, String file, int line, String... fragments) {
        assertProblem(e, file, line, fragments);
        assertEquals(1, e.lines().size(), () -> "expected exactly one problem, got:\n  " + String.join("\n  ", e.lines()));
    }

    private static boolean containsAll(String line, String... fragments) {
        for (String f : fragments) {
            if (!line.contains(f)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- reading a loaded pipeline

    static Step step(Pipeline p, String name) {
        return p.steps().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + p.steps().stream().map(Step::name).toList()));
    }

    static Input input(Step s, String name) {
        return s.inputs().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no input " + name + " of " + s.name()));
    }

    static Input.Static staticInput(Step s, String name) {
        return assertInstanceOf(Input.Static.class, input(s, name), "input " + name + " of " + s.name());
    }

    static Input.FromStep fromStep(Step s, String name) {
        return assertInstanceOf(Input.FromStep.class, input(s, name), "input " + name + " of " + s.name());
    }

    static Output output(Step s, String name) {
        return s.output(name).orElseThrow(() -> new AssertionError("no output " + name + " of " + s.name()));
    }

    static List<String> argv(Step s) {
        return s.command().argv().stream().map(Template::source).toList();
    }
}
