package dev.morph.pipeline.load;

import dev.morph.pipeline.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the file and line of every node, so that validation
 * can point at the exact place of a problem. Generic YAML tree models drop locations.
 */
sealed interface YamlNode {
    Location where();

    /** What the node is, in words for error messages. */
    String kind();

    /** A scalar; {@code value} is null for YAML's null ({@code ~}, empty). */
    record Scalar(String value, Location where) implements YamlNode {
        @Override
        public String kind() {
            return value == null ? "empty value" : "text";
        }
    }

    record Sequence(List<YamlNode> items, Location where) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "list";
        }
    }

    /** A mapping in file order; each entry keeps the location of its key. */
    record Mapping(Map<String, Entry> entries, Location where) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "mapping";
        }

        YamlNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    record Entry(String key, Location keyWhere, YamlNode value) {
    }
}
