package dev.morph.cli;

import dev.morph.report.Style;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * What the CLI takes from the process: environment variables, the working directory (a {@link Path}
 * on any file system, so tests can run the CLI on Jimfs), whether stdout is a terminal, the time zone.
 */
public record CliEnvironment(Map<String, String> env, Path cwd, boolean terminal, Supplier<TimeZone> zone) {
    public CliEnvironment {
        env = Map.copyOf(env);
    }

    public CliEnvironment(Map<String, String> env, Path cwd, boolean terminal, ZoneId zone) {
        this(env, cwd, terminal, Style.fixed(zone));
    }

    /** This process's; the time zone is looked up when first needed (it reads the time-zone database). */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of("").toAbsolutePath(), System.console() != null, Style.system());
    }

    public String get(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Whether the locale promises UTF-8, so symbols such as ✓ can be shown. */
    public boolean unicode() {
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = get(name);
            if (v != null) {
                String lower = v.toLowerCase(Locale.ROOT);
                return lower.contains("utf-8") || lower.contains("utf8");
            }
        }
        return false;
    }
}
