package dev.morph.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How morph starts a process in a session of its own: through {@code setsid(1)}, when it is on the PATH. */
final class Sessions {
    /** The command prefix; empty where there is no {@code setsid}. */
    static final List<String> SETSID = found("setsid") ? List.of("setsid") : List.of();

    private Sessions() {
    }

    /** Gives a job the locale morph's launcher was started with, not the UTF-8 one it runs its JVM in. */
    static void givenLocale(Map<String, String> env) {
        String given = env.remove("MORPH_GIVEN_LC_ALL");
        if ("unset".equals(given)) {
            env.remove("LC_ALL");
        } else if (given != null) {
            env.put("LC_ALL", given);
        }
    }

    /**
     * Fails as starting the program itself would (the supervisor would only report exit 127): a
     * program named with a slash must be executable (relative to {@code workdir}), others on the PATH.
     */
    static void requireExecutable(String program, Path workdir, Map<String, String> env) throws IOException {
        boolean ok = program.contains("/") ? Files.isExecutable(workdir.resolve(program))
                : onPath(program, env.getOrDefault("PATH", System.getenv("PATH")));
        if (!ok) {
            throw new IOException("cannot run program \"" + program + "\": no such executable file"
                    + (program.contains("/") ? "" : " on the PATH"));
        }
    }

    private static boolean found(String command) {
        return onPath(command, System.getenv("PATH"));
    }

    private static boolean onPath(String command, String path) {
        return path != null && Arrays.stream(path.split(":")).filter(d -> !d.isEmpty())
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
