package dev.morph.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;

/** Checks and normalises artifact paths relative to the data root, as plain strings with {@code /}. */
public final class RootPaths {
    private RootPaths() {
    }

    /** Whether {@code relative} is absolute or climbs above the data root with {@code ..}. */
    public static boolean escapes(String relative) {
        if (relative.startsWith("/") || relative.startsWith("\\") || relative.matches("^[A-Za-z]:[\\\\/].*") || relative.startsWith("~")) {
            return true;
        }
        return normalize(relative) == null;
    }

    /**
     * {@code a/./b/../c/} → {@code a/c} (no trailing slash); null when {@code ..} climbs above the root.
     */
    public static String normalize(String relative) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : relative.split("/+")) {
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
