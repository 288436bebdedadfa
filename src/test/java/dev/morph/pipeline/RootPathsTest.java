package dev.morph.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Normalising root-relative paths, including the fast path for paths that are already normal. */
class RootPathsTest {
    @Test
    void normalize_examples() {
        assertEquals("a/c", RootPaths.normalize("a/./b/../c/"));
        assertEquals("a/b", RootPaths.normalize("a/b"));
        assertEquals("a/b", RootPaths.normalize("a//b"));
        assertEquals(".hidden/x..y", RootPaths.normalize(".hidden/x..y"));
        assertEquals("", RootPaths.normalize("./"));
        assertNull(RootPaths.normalize("a/../.."));
    }

    @Test
    void normalize_randomPaths_sameAsSegmentBySegment() {
        String[] segments = {"a", "bb", ".", "..", "", ".x", "..y", "z.", "..."};
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder path = new StringBuilder();
            int n = random.nextInt(6);
            for (int j = 0; j < n; j++) {
                path.append(j == 0 ? "" : "/").append(segments[random.nextInt(segments.length)]);
            }
            if (random.nextInt(5) == 0) {
                path.append('/');
            }
            assertEquals(slow(path.toString()), RootPaths.normalize(path.toString()), "'" + path + "'");
        }
    }

    private static String slow(String relative) {
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
}
