package dev.morph.cluster;

import dev.morph.exec.RunFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link RunFixture}s of one cluster test, shared set-up of the cluster test classes: each is made
 * in the test's temporary directory, and when the test ends, passed or failed, every morph and job
 * process any of them started is SIGKILLed ({@link RunFixture#killEverything}) — before JUnit deletes
 * that directory, and so that no job of a failed test runs on into the next. Registered as
 *
 * <pre>{@code
 * @TempDir Path tmp;
 * @RegisterExtension final RunFixtures fixtures = new RunFixtures(() -> tmp);
 * }</pre>
 *
 * (the directory is read when a fixture is made, after JUnit has injected it).
 */
final class RunFixtures implements AfterEachCallback {
    private final Supplier<Path> dir;
    private final List<RunFixture> made = new ArrayList<>();

    RunFixtures(Supplier<Path> dir) {
        this.dir = dir;
    }

    /** A fixture in the test's directory whose pipeline is {@code steps} (see {@link RunFixture#pipeline}). */
    RunFixture pipeline(String steps) {
        return add(new RunFixture(dir.get(), RunFixture.pipeline(steps)));
    }

    /** The same in subdirectory {@code name}, for a test that makes several. */
    RunFixture pipeline(String name, String steps) {
        return add(new RunFixture(dir.get().resolve(name), RunFixture.pipeline(steps)));
    }

    /** A fixture made otherwise (over an existing pipeline and root, say), cleaned up with the others. */
    RunFixture add(RunFixture fixture) {
        made.add(fixture);
        return fixture;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        made.forEach(RunFixture::killEverything);
        made.clear();
    }
}
