package dev.morph.pipeline.load;

import dev.morph.Suggest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Typed access to {@link YamlNode}s that records a problem, instead of throwing, when a node has the wrong shape. */
final class Tree {
    private final Problems problems;

    Tree(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** The mapping, or null (with a problem) when the node is something else. */
    YamlNode.Mapping mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        problems.add(node.where(), what + " must be a mapping (key: value lines), not " + node.kind());
        return null;
    }

    /** A non-empty scalar's text, or null (with a problem). */
    String text(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.value() != null && !s.value().isBlank()) {
            return s.value();
        }
        problems.add(node.where(), what + " must be a non-empty value, not " + node.kind());
        return null;
    }

    /** A list of texts; a single scalar counts as a one-item list. */
    List<String> texts(YamlNode node, String what) {
        List<String> out = new ArrayList<>();
        if (node instanceof YamlNode.Sequence seq) {
            for (YamlNode item : seq.items()) {
                String t = text(item, what + " items");
                if (t != null) {
                    out.add(t);
                }
            }
        } else {
            String t = text(node, what);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** Reports every key of {@code map} not in {@code known}, with the closest known key. */
    void onlyKeys(YamlNode.Mapping map, String where, Collection<String> known) {
        for (YamlNode.Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                problems.add(e.keyWhere(), "unknown key '" + e.key() + "' in " + where
                        + Suggest.didYouMean(e.key(), known) + " (known: " + String.join(", ", known) + ")");
            }
        }
    }
}
