package dev.morph;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean …" suggestions: the known names closest to what the user typed. */
public final class Suggest {
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggest() {
    }

    /** Up to three candidates close to {@code input}, best first; empty when nothing is close. */
    public static List<String> closest(String input, Collection<String> candidates) {
        String needle = input.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, needle.length() / 3);
        record Scored(String name, int score) {
        }
        return candidates.stream()
                .distinct()
                .map(c -> new Scored(c, score(needle, c.toLowerCase(Locale.ROOT), limit)))
                .filter(s -> s.score() <= limit)
                .sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::name))
                .limit(3)
                .map(Scored::name)
                .toList();
    }

    private static int score(String needle, String candidate, int limit) {
        if (candidate.equals(needle)) {
            return 0;
        }
        // A long shared prefix (experiment names start with their date) or containment is a strong hint.
        int common = 0;
        while (common < needle.length() && common < candidate.length() && needle.charAt(common) == candidate.charAt(common)) {
            common++;
        }
        if (common >= 8 || (needle.length() >= 3 && candidate.contains(needle))) {
            return 1;
        }
        return DISTANCE.apply(needle, candidate);
    }

    /** {@code ", did you mean 'a' or 'b'?"}, or the empty string when nothing is close. */
    public static String didYouMean(String input, Collection<String> candidates) {
        List<String> close = closest(input, candidates);
        if (close.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(", did you mean ");
        for (int i = 0; i < close.size(); i++) {
            if (i > 0) {
                out.append(i == close.size() - 1 ? " or " : ", ");
            }
            out.append('\'').append(close.get(i)).append('\'');
        }
        return out.append('?').toString();
    }
}
