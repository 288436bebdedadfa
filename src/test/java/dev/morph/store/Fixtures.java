package dev.morph.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The state files morph wrote at commit 0f0277b ({@code src/test/resources/fixtures/main-0f0277b}, see its
 * README): to check that today's code reads what earlier versions wrote, and prints it as they did.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixture directory: {@code pipeline.yaml}, {@code root/.morph/…}, {@code expected/…}. */
    public static Path main0f0277b() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/main-0f0277b").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the fixture's data root (its {@code .morph} state) into {@code dir}, which a test may then change. */
    public static Path copyRoot(Path dir) {
        Path from = main0f0277b().resolve("root");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
