package dev.morph.cli;

import dev.morph.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An unexpected exception, on any thread: one line on stderr saying where its details went (a file in
 * the temporary directory), never a stack trace unless {@code --verbose}; the process exits 70.
 */
final class Crash {
    private Crash() {
    }

    /** Makes every thread's uncaught exception end the process this way. */
    static void install(PrintWriter err, boolean verbose) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            synchronized (Crash.class) {
                err.println("morph: error: " + line(e, verbose));
                if (verbose) {
                    e.printStackTrace(err);
                }
                err.flush();
                Runtime.getRuntime().halt(ExitCodes.INTERNAL);
            }
        });
    }

    /** The one line for {@code e}: what it was and where its stack trace was written. */
    static String line(Throwable e, boolean verbose) {
        String where = verbose ? "" : details(e);
        return "internal error: " + e + where + " (please report it)";
    }

    private static String details(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        try {
            Path file = Files.createTempFile("morph-error-", ".txt");
            Files.writeString(file, trace.toString(), StandardCharsets.UTF_8);
            return "; details in " + file;
        } catch (IOException | RuntimeException io) {
            return "; run again with --verbose for details";
        }
    }
}
