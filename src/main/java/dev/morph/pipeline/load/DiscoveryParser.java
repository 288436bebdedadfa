package dev.morph.pipeline.load;

import dev.morph.pipeline.Discovery;
import dev.morph.pipeline.Location;
import dev.morph.pipeline.RootPaths;
import dev.morph.pipeline.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code experiments:} section: {@code pattern}, {@code values}, {@code ignore}. */
final class DiscoveryParser {
    private DiscoveryParser() {
    }

    static Discovery parse(YamlNode node, Tree tree) {
        Problems problems = tree.problems();
        YamlNode.Mapping map = tree.mapping(node, "'experiments'");
        if (map == null) {
            return null;
        }
        tree.onlyKeys(map, "'experiments'", List.of("pattern", "values", "ignore"));
        if (map.get("pattern") == null) {
            problems.add(map.where(), "'experiments' needs a 'pattern', e.g. raw_image_data/{microscope}/{exp}/");
            return null;
        }
        String pattern = tree.text(map.get("pattern"), "experiments pattern");
        if (pattern == null) {
            return null;
        }
        Location where = map.get("pattern").where();
        List<String> segments = new ArrayList<>();
        Set<String> captures = new LinkedHashSet<>();
        if (RootPaths.escapes(pattern)) {
            problems.add(where, "experiments pattern '" + pattern + "' must be relative to the data root and stay inside it");
        }
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            segments.add(segment);
            try {
                for (Template.Placeholder p : Template.parse(segment).placeholders()) {
                    if (p.key() != null) {
                        problems.add(where, "experiments pattern capture '{" + p.name() + "}' must be a plain name such as {exp}");
                    } else if (!captures.add(p.name())) {
                        problems.add(where, "experiments pattern captures '{" + p.name() + "}' twice");
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(where, "experiments pattern: " + e.getMessage());
            }
        }
        if (!captures.contains(Discovery.EXP)) {
            problems.add(where, "experiments pattern '" + pattern + "' must capture the experiment name as {exp}");
        }
        Map<String, Set<String>> values = new LinkedHashMap<>();
        YamlNode valuesNode = map.get("values");
        YamlNode.Mapping valuesMap = valuesNode == null ? null : tree.mapping(valuesNode, "experiments 'values'");
        if (valuesMap != null) {
            for (YamlNode.Entry e : valuesMap.entries().values()) {
                if (!captures.contains(e.key())) {
                    problems.add(e.keyWhere(), "experiments 'values' names '" + e.key() + "', which the pattern does not capture"
                            + dev.morph.Suggest.didYouMean(e.key(), captures));
                }
                values.put(e.key(), new LinkedHashSet<>(tree.texts(e.value(), "experiments values of " + e.key())));
            }
        }
        List<String> ignore = map.get("ignore") == null ? List.of() : tree.texts(map.get("ignore"), "experiments 'ignore'");
        return new Discovery(pattern, segments, values, ignore, where);
    }
}
