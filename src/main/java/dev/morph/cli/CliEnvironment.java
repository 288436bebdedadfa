package dev.morph.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * What the CLI takes from the process: environment variables, the working directory (a {@link Path}
 * on any file system, so tests can run the CLI on Jimfs), whether stdout is a terminal and how wide it
 * is, and the time zone times are shown in (a fixed one in tests; empty: this machine's, see {@code Style.of}).
 */
public record CliEnvironment(Map<String, String> env, Path cwd, boolean terminal, Optional<ZoneId> zone, IntSupplier width) {
    public CliEnvironment {
        env = Map.copyOf(env);
    }

    public CliEnvironment(Map<String, String> env, Path cwd, boolean terminal, Optional<ZoneId> zone) {
        this(env, cwd, terminal, zone, () -> 0);
    }

    public CliEnvironment(Map<String, String> env, Path cwd, boolean terminal, ZoneId zone) {
        this(env, cwd, terminal, Optional.of(zone));
    }

    /** This environment on a terminal {@code width} columns wide (asked at every redraw; 0: unknown). */
    public CliEnvironment withWidth(IntSupplier width) {
        return new CliEnvironment(env, cwd, terminal, zone, width);
    }

    /** This process's. */
    public static CliEnvironment system() {
        boolean terminal = System.console() != null;
        return new CliEnvironment(System.getenv(), Path.of("").toAbsolutePath(), terminal, Optional.empty(),
                terminal ? TerminalWidth.system() : () -> 0);
    }

    public String get(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * Whether the locale promises UTF-8, so symbols such as ✓ can be shown: the locale morph was started
     * in, not the UTF-8 one the launcher runs the JVM in ({@code MORPH_GIVEN_LC_ALL}).
     */
    public boolean unicode() {
        String given = get("MORPH_GIVEN_LC_ALL");
        for (String name : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
            String v = given != null && name.equals("LC_ALL") ? (given.equals("unset") ? null : given) : get(name);
            if (v != null) {
                String lower = v.toLowerCase(Locale.ROOT);
                return lower.contains("utf-8") || lower.contains("utf8");
            }
        }
        return false;
    }
}
