package dev.morph.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A string with {@code {placeholder}} fields, e.g. {@code metadata/{exp}_metadata.csv} or
 * {@code {params.model}}. {@code {{} and {@code }}} stand for literal braces. A placeholder may have
 * several values (a fan-in input); rendering then yields one string per value.
 */
public record Template(String source, List<Part> parts) {
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_.-]+)?");

    public Template {
        parts = List.copyOf(parts);
    }

    /** A piece of a template: literal text or a placeholder name such as {@code exp} or {@code params.model}. */
    public sealed interface Part {
    }

    public record Literal(String text) implements Part {
    }

    public record Placeholder(String name) implements Part {
        /** The part before the dot ({@code params} of {@code params.model}), or the whole name. */
        public String namespace() {
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }

        /** The part after the dot ({@code model} of {@code params.model}), or null. */
        public String key() {
            int dot = name.indexOf('.');
            return dot < 0 ? null : name.substring(dot + 1);
        }
    }

    /** Parses {@code source}; a malformed template throws {@link IllegalArgumentException} with the reason. */
    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < source.length() && source.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '{' in '" + source + "' (write '{{' for a literal brace)");
                }
                String name = source.substring(i + 1, end).trim();
                if (!PLACEHOLDER.matcher(name).matches()) {
                    throw new IllegalArgumentException("malformed placeholder '{" + name + "}' in '" + source + "'");
                }
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Placeholder(name));
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' in '" + source + "' (write '}}' for a literal brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(source, parts);
    }

    /** A template holding only literal text. */
    public static Template literal(String text) {
        return new Template(text.replace("{", "{{").replace("}", "}}"), List.of(new Literal(text)));
    }

    public List<Placeholder> placeholders() {
        List<Placeholder> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Placeholder ph) {
                out.add(ph);
            }
        }
        return out;
    }

    public boolean uses(String name) {
        return placeholders().stream().anyMatch(p -> p.name().equals(name));
    }

    /**
     * Renders the template, asking {@code values} for each placeholder's values. A placeholder with
     * several values multiplies the result (one string per value, in order); with none, there is no result.
     */
    public List<String> render(Function<Placeholder, List<String>> values) {
        List<String> results = new ArrayList<>();
        results.add("");
        for (Part part : parts) {
            List<String> pieces = part instanceof Literal lit ? List.of(lit.text()) : values.apply((Placeholder) part);
            List<String> next = new ArrayList<>(results.size() * Math.max(1, pieces.size()));
            for (String prefix : results) {
                for (String piece : pieces) {
                    next.add(prefix + piece);
                }
            }
            results = next;
        }
        return results;
    }

    /** Renders a template whose placeholders each have exactly one value. */
    public String renderOne(Function<Placeholder, String> value) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part instanceof Literal lit ? lit.text() : value.apply((Placeholder) part));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
