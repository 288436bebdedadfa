package dev.morph.artifact;

/**
 * What probing an artifact found: whether it exists, its mtime (nanoseconds since the epoch; for a
 * directory or glob the newest regular file's), which file that was, and how many regular files
 * count. An absent artifact has mtime {@link Long#MIN_VALUE}.
 */
public record Observation(boolean exists, long mtime, String newest, long files) {
    public static final Observation ABSENT = new Observation(false, Long.MIN_VALUE, null, 0);
}
