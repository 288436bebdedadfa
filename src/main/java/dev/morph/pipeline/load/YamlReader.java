package dev.morph.pipeline.load;

import com.fasterxml.jackson.core.Base64Variants;
import dev.morph.pipeline.Location;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a YAML document into a {@link YamlNode} tree with SnakeYAML's event parser, recording the line
 * of every key and value. Duplicate keys are reported as problems, not silently merged.
 *
 * <p>This reads SnakeYAML's events directly rather than through Jackson's YAML parser (which wraps the
 * same events): Jackson's factory, parse context and per-scalar type resolution were a third of the time
 * a short command spent loading its pipeline, for a tree this class builds as easily. It keeps what
 * Jackson made of a document: the first document only, a null for what YAML resolves to null, an alias
 * as its anchor's name, and the same problem texts and lines for malformed YAML.
 */
final class YamlReader {
    /** Jackson's default {@code StreamReadConstraints.getMaxNestingDepth()}, which this reader used to enforce. */
    private static final int MAX_DEPTH = 1000;
    private static final String CORE_TAG = "tag:yaml.org,2002:";

    private final String file;
    private final Problems problems;
    private ParserImpl parser;
    /** The last event read: where a problem the parser itself does not locate is reported. */
    private Event last;
    private int depth;

    YamlReader(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Parses the document; returns null (and records a problem) when the YAML is malformed. */
    YamlNode read(Reader reader) {
        try {
            parser = new ParserImpl(new StreamReader(reader), new LoaderOptions());
            Event first = nextValue();
            if (first == null) {
                problems.add(new Location(file, 1), "the pipeline file is empty");
                return null;
            }
            return readValue(first);
        } catch (MarkedYAMLException e) {
            // SnakeYAML knows where the problem is and what it is
            if (e.getProblemMark() != null) {
                String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
                problems.add(new Location(file, e.getProblemMark().getLine() + 1), "malformed YAML: " + problem);
            } else {
                malformed(lastLine(), e.getMessage());
            }
        } catch (YAMLException e) {
            malformed(lastLine(), e.getMessage());
        } catch (NumberFormatException e) {
            // SnakeYAML's scanner can let one escape on some malformed escapes
            malformed(lastLine(), "Malformed Number token: failed to tokenize due to (" + e.getClass().getName() + "): "
                    + e.getMessage());
        } catch (Malformed e) {
            malformed(e.line, e.getMessage());
        }
        return null;
    }

    /** The next event that starts a value, skipping document markers; null at the end of the input. */
    private Event nextValue() {
        while (true) {
            Event event = next();
            switch (event.getEventId()) {
                case StreamStart, DocumentStart, DocumentEnd:
                    continue;
                case StreamEnd:
                    return null;
                default:
                    return event;
            }
        }
    }

    private Event next() {
        last = parser.getEvent();
        return last;
    }

    private YamlNode readValue(Event event) {
        Location where = at(event);
        switch (event.getEventId()) {
            case MappingStart:
                enter();
                return readMapping(where);
            case SequenceStart:
                enter();
                List<YamlNode> items = new ArrayList<>();
                for (Event item = next(); item.getEventId() != Event.ID.SequenceEnd; item = next()) {
                    items.add(readValue(item));
                }
                depth--;
                return new YamlNode.Sequence(items, where);
            case Scalar:
                return new YamlNode.Scalar(scalar((ScalarEvent) event), where);
            case Alias:
                // an alias reads as the name of its anchor, as it did through Jackson
                return new YamlNode.Scalar(((AliasEvent) event).getAnchor(), where);
            default:
                // SnakeYAML emits well-nested events, so nothing else can start a value
                throw new IllegalStateException("unexpected YAML event " + event);
        }
    }

    private YamlNode readMapping(Location where) {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        for (Event keyEvent = next(); keyEvent.getEventId() != Event.ID.MappingEnd; keyEvent = next()) {
            if (keyEvent.getEventId() != Event.ID.Scalar) {
                throw new Malformed(line(keyEvent.getEndMark()),
                        "Expected a field name (Scalar value in YAML), got this instead: " + keyEvent);
            }
            String key = ((ScalarEvent) keyEvent).getValue();
            Location keyWhere = at(keyEvent);
            YamlNode value = readValue(next());
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
        depth--;
        return new YamlNode.Mapping(entries, where);
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new Malformed(0, "Document nesting depth (" + depth + ") exceeds the maximum allowed (" + MAX_DEPTH
                    + ", from `StreamReadConstraints.getMaxNestingDepth()`)");
        }
    }

    /**
     * A scalar's text, or null for YAML's null: a plain {@code ~}, {@code null}, {@code Null},
     * {@code NULL} or nothing, or a non-empty value tagged {@code !!null}. These are exactly the
     * scalars SnakeYAML's resolver types as null, without running its regular expressions.
     */
    private String scalar(ScalarEvent event) {
        String value = event.getValue();
        String tag = event.getTag();
        if (tag == null || tag.equals("!")) {
            boolean plain = event.getImplicit().canOmitTagInPlainScalar();
            return plain && isNullWord(value) ? null : value;
        }
        if (tag.startsWith(CORE_TAG)) {
            tag = tag.substring(CORE_TAG.length());
            int comma = tag.indexOf(',');
            if (comma >= 0) {
                tag = tag.substring(0, comma);
            }
        }
        if (tag.equals("binary")) {
            try {
                Base64Variants.MIME.decode(value.trim());
            } catch (IllegalArgumentException e) {
                throw new Malformed(line(event.getEndMark()), e.getMessage());
            }
            return value;
        }
        return tag.equals("null") && !value.isEmpty() ? null : value;
    }

    private static boolean isNullWord(String value) {
        return switch (value) {
            case "", "~", "null", "Null", "NULL" -> true;
            default -> false;
        };
    }

    private Location at(Event event) {
        return new Location(file, line(event.getStartMark()));
    }

    /** The 1-based line of a mark; -1 when there is none. */
    private static int line(Mark mark) {
        return mark == null ? -1 : mark.getLine() + 1;
    }

    /** Where the parser stopped: the end of the last event read, -1 before the first. */
    private int lastLine() {
        return last == null ? -1 : line(last.getEndMark());
    }

    private void malformed(int line, String message) {
        problems.add(new Location(file, line), "malformed YAML: " + firstLine(message));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot parse";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    /** A document SnakeYAML parses but the tree cannot hold, with the line to report it at. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;

        Malformed(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }
}
