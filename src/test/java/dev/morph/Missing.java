package dev.morph;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * A real component a test needs (a scheduler, Chromium, Graphviz, python3, a tmpfs mount) is not on
 * this machine. Locally the test is skipped and the console says so in one line, once per component,
 * since a skip's reason otherwise shows only in the test reports; under {@code CI=true} the test fails,
 * as CI installs every component and never skips.
 */
public final class Missing {
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private Missing() {
    }

    /** {@code tests}: which tests need it ("cluster tests"); {@code why}: what is missing and how to install it. */
    public static void component(String tests, String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(tests + " must run under CI=true, but " + why);
        }
        String line = tests + " skipped: " + why;
        if (SAID.add(line)) {
            System.err.println("[morph tests] " + line);
        }
        Assumptions.abort(line);
    }
}
