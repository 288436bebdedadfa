package dev.morph.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How experiments are found in the data root: a path pattern whose {@code {captures}} become
 * attributes ({@code {exp}} is the experiment's name), the values each capture may take (others are
 * skipped), and names to ignore (case-insensitive globs such as {@code .*} and {@code ignore*}).
 */
public record Discovery(String pattern, List<String> segments, Map<String, Set<String>> values, List<String> ignore,
                        Location where) {
    public static final String EXP = "exp";

    public Discovery {
        segments = List.copyOf(segments);
        values = Map.copyOf(values);
        ignore = List.copyOf(ignore);
    }

    /** Whether the pattern ends with {@code /}: experiments are directories. */
    public boolean matchesDirectories() {
        return pattern.endsWith("/");
    }

    /** The capture names in pattern order; always includes {@code exp}. */
    public List<String> captures() {
        List<String> out = new ArrayList<>();
        for (String segment : segments) {
            for (Template.Placeholder p : Template.parse(segment).placeholders()) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** The attribute names experiments carry: every capture but {@code exp}. */
    public List<String> attributes() {
        return captures().stream().filter(c -> !c.equals(EXP)).toList();
    }
}
