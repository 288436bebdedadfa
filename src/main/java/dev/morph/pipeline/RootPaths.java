package dev.morph.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** Checks and normalises artifact paths relative to the data root, as plain strings with {@code /}. */
public final class RootPaths {
    // compiled once: these run for every artifact of every job, and String.matches/split compile each call
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:[\\\\/].*");
    private static final Pattern SLASHES = Pattern.compile("/+");

    private RootPaths() {
    }

    /** Whether {@code relative} is absolute or climbs above the data root with {@code ..}. */
    public static boolean escapes(String relative) {
        if (relative.startsWith("/") || relative.startsWith("\\") || DRIVE.matcher(relative).matches() || relative.startsWith("~")) {
            return true;
        }
        return normalize(relative) == null;
    }

    /**
     * {@code a/./b/../c/} → {@code a/c} (no trailing slash); null when {@code ..} climbs above the root.
     */
    public static String normalize(String relative) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : SLASHES.split(relative)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
