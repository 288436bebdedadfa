package dev.morph.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** Checks and normalises artifact paths relative to the data root, as plain strings with {@code /}. */
public final class RootPaths {
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:[\\\\/].*");

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
        if (isNormal(relative)) {
            return relative; // the common case, checked without splitting (every job's paths come here)
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : relative.split("/")) {
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

    /** No empty, {@code .} or {@code ..} segment and no leading or trailing {@code /}: normalize would return it unchanged. */
    private static boolean isNormal(String path) {
        int start = 0;
        int n = path.length();
        while (start <= n) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            int len = end - start;
            if (len == 0 || (len == 1 && path.charAt(start) == '.') || (len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }
}
