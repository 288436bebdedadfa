package dev.morph.pipeline.load;

import dev.morph.pipeline.Location;
import dev.morph.ExitCodes;
import dev.morph.MorphException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found while loading a pipeline, so the user sees all of them at once,
 * each with file and line, instead of fixing one error per attempt.
 */
final class Problems {
    private record Problem(Location where, String message) {
    }

    private final List<Problem> problems = new ArrayList<>();

    void add(Location where, String message) {
        problems.add(new Problem(where, message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws one exception listing every problem, in file and line order, when there is any. */
    void throwIfAny() {
        if (problems.isEmpty()) {
            return;
        }
        List<String> lines = problems.stream()
                .sorted(Comparator.comparing((Problem p) -> p.where().file()).thenComparingInt(p -> p.where().line()))
                .map(p -> p.where() + ": " + p.message())
                .distinct()
                .toList();
        throw new MorphException(ExitCodes.USAGE, lines, null);
    }
}
