package dev.morph.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stops a process and every process it started: SIGTERM to the whole tree (children first, collected
 * before the parent dies and they are re-parented), then SIGKILL to whatever is left after a grace period.
 */
public final class ProcessTrees {
    private ProcessTrees() {
    }

    public static void terminate(ProcessHandle root, Duration grace) {
        Set<ProcessHandle> tree = collect(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            if (root.isAlive()) {
                tree.addAll(collect(root));
            }
            if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (root.isAlive()) {
            tree.addAll(collect(root));
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The process and its descendants, deepest first. */
    private static Set<ProcessHandle> collect(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        Collections.reverse(all);
        Set<ProcessHandle> out = new LinkedHashSet<>(all);
        out.add(root);
        return out;
    }
}
