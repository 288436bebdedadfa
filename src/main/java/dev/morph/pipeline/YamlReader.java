package dev.morph.pipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML document into a {@link YamlNode} tree with Jackson's streaming YAML parser, recording
 * the line of every key and value. Duplicate keys are reported as problems, not silently merged.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final Problems problems;

    YamlReader(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Parses the document; returns null (and records a problem) when the YAML is malformed. */
    YamlNode read(Reader reader) throws IOException {
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(new Location(file, 1), "the pipeline file is empty");
                return null;
            }
            return readValue(parser);
        } catch (JsonProcessingException e) {
            // SnakeYAML's own exception knows where the problem is and what it is; Jackson's location is its context
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                String problem = marked.getProblem() == null ? firstLine(e.getOriginalMessage()) : marked.getProblem();
                problems.add(new Location(file, marked.getProblemMark().getLine() + 1), "malformed YAML: " + problem);
            } else {
                JsonLocation at = e.getLocation();
                problems.add(new Location(file, at == null ? 0 : at.getLineNr()), "malformed YAML: " + firstLine(e.getOriginalMessage()));
            }
            return null;
        }
    }

    private YamlNode readValue(JsonParser parser) throws IOException {
        Location where = here(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readMapping(parser, where);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser));
                }
                return new YamlNode.Sequence(items, where);
            case VALUE_NULL:
                return new YamlNode.Scalar(null, where);
            default:
                return new YamlNode.Scalar(parser.getText(), where);
        }
    }

    private YamlNode readMapping(JsonParser parser, Location where) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Location keyWhere = here(parser);
            parser.nextToken();
            YamlNode value = readValue(parser);
            if (value instanceof YamlNode.Mapping m) {
                // a nested block starts on the line after its key; messages about it should point at the key
                value = new YamlNode.Mapping(m.entries(), keyWhere);
            } else if (value instanceof YamlNode.Sequence q) {
                value = new YamlNode.Sequence(q.items(), keyWhere);
            }
            YamlNode.Entry previous = entries.get(key);
            if (previous != null) {
                problems.add(keyWhere, "duplicate key '" + key + "' (first at line " + previous.keyWhere().line() + ")");
                continue;
            }
            entries.put(key, new YamlNode.Entry(key, keyWhere, value));
        }
        return new YamlNode.Mapping(entries, where);
    }

    private Location here(JsonParser parser) {
        return new Location(file, parser.currentTokenLocation().getLineNr());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot parse";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
