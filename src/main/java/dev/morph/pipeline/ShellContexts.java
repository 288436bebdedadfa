package dev.morph.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where each placeholder of a shell-string command stands, lexically, in the POSIX shell language: as
 * (part of) a plain word, inside {@code '…'} or inside {@code "…"} (also within {@code $(…)}), each of
 * which morph quotes a value for correctly ({@link #quote}). Anywhere else (backquotes, {@code ${…}},
 * arithmetic, {@code $'…'}, a comment, after a here-document operator) a value could run as code, and the
 * placeholder is refused when the pipeline is loaded.
 */
public final class ShellContexts {
    /** The lexical context of one placeholder; {@code refused} says why morph will not substitute there, or is null. */
    public record Context(Kind kind, String refused) {
        public boolean safe() {
            return refused == null;
        }
    }

    public enum Kind { WORD, SINGLE_QUOTED, DOUBLE_QUOTED, REFUSED }

    /** A shell word that needs no quotes. */
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private enum State { WORD, SINGLE, DOUBLE, BACKQUOTE, PARAMETER, ARITHMETIC, ANSI, COMMENT }

    private ShellContexts() {
    }

    /** The context of each placeholder of {@code script}, in order. */
    public static List<Context> of(Template script) {
        List<Context> out = new ArrayList<>();
        Deque<State> stack = new ArrayDeque<>();
        stack.push(State.WORD);
        boolean wordStart = true;
        boolean hereDocument = false;
        for (Template.Part part : script.parts()) {
            if (part instanceof Template.Placeholder) {
                out.add(context(stack.peek(), hereDocument));
                wordStart = false;
                continue;
            }
            String s = ((Template.Literal) part).text();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
                State state = stack.peek();
                switch (state) {
                    case SINGLE -> {
                        if (c == '\'') {
                            stack.pop();
                        }
                    }
                    case ANSI -> {
                        if (c == '\\') {
                            i++;
                        } else if (c == '\'') {
                            stack.pop();
                        }
                    }
                    case COMMENT -> {
                        if (c == '\n') {
                            stack.pop();
                        }
                    }
                    case BACKQUOTE, PARAMETER, ARITHMETIC, DOUBLE, WORD -> {
                        if (c == '\\') {
                            i++;
                        } else if (state == State.BACKQUOTE && c == '`' || state == State.PARAMETER && c == '}'
                                || state == State.DOUBLE && c == '"') {
                            stack.pop();
                        } else if (state == State.ARITHMETIC && c == ')' && next == ')') {
                            stack.pop();
                            i++;
                        } else if (c == '$' && next == '(' && i + 2 < s.length() && s.charAt(i + 2) == '(') {
                            stack.push(State.ARITHMETIC);
                            i += 2;
                        } else if (c == '$' && next == '(') {
                            stack.push(State.WORD);
                            i++;
                        } else if (c == '$' && next == '{') {
                            stack.push(State.PARAMETER);
                            i++;
                        } else if (c == '`') {
                            stack.push(State.BACKQUOTE);
                        } else if (state == State.WORD && c == '$' && next == '\'') {
                            stack.push(State.ANSI);
                            i++;
                        } else if (state == State.WORD && c == '\'') {
                            stack.push(State.SINGLE);
                        } else if (state == State.WORD && c == '"') {
                            stack.push(State.DOUBLE);
                        } else if (state == State.WORD && c == ')' && stack.size() > 1) {
                            stack.pop();
                        } else if (state == State.WORD && c == '#' && wordStart) {
                            stack.push(State.COMMENT);
                        } else if (state == State.WORD && c == '<' && next == '<') {
                            hereDocument = true;
                        }
                    }
                    default -> throw new IllegalStateException(state.toString());
                }
                wordStart = " \t\n;&|()<>".indexOf(c) >= 0;
            }
        }
        return out;
    }

    private static Context context(State state, boolean hereDocument) {
        if (hereDocument) {
            return new Context(Kind.REFUSED, "after a here-document operator (<<)");
        }
        return switch (state) {
            case WORD -> new Context(Kind.WORD, null);
            case SINGLE -> new Context(Kind.SINGLE_QUOTED, null);
            case DOUBLE -> new Context(Kind.DOUBLE_QUOTED, null);
            case BACKQUOTE -> new Context(Kind.REFUSED, "inside backquotes `…`");
            case PARAMETER -> new Context(Kind.REFUSED, "inside a parameter expansion ${…}");
            case ARITHMETIC -> new Context(Kind.REFUSED, "inside an arithmetic expansion $((…))");
            case ANSI -> new Context(Kind.REFUSED, "inside $'…'");
            case COMMENT -> new Context(Kind.REFUSED, "in a comment");
        };
    }

    /** {@code value} spelt so that the shell reads it back as exactly that text in {@code kind}. */
    public static String quote(String value, Kind kind) {
        return switch (kind) {
            case WORD -> SAFE_WORD.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
            case SINGLE_QUOTED -> value.replace("'", "'\\''");
            case DOUBLE_QUOTED -> value.replaceAll("([\\\\$`\"])", "\\\\$1");
            case REFUSED -> throw new IllegalArgumentException("a placeholder refused at load time cannot be substituted");
        };
    }
}
