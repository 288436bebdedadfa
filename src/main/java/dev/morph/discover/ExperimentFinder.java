package dev.morph.discover;

import dev.morph.MorphException;
import dev.morph.pipeline.Discovery;
import dev.morph.pipeline.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FilenameUtils;
import org.apache.commons.io.IOCase;

/**
 * Finds experiments by walking the data root along the discovery pattern, one directory listing per
 * pattern level. Names matching an ignore rule (case-insensitive) and capture values outside the
 * declared {@code values} are skipped. Only reads; works on any {@link java.nio.file.FileSystem}.
 */
public final class ExperimentFinder {
    private final Discovery discovery;
    private final List<Pattern> segmentPatterns = new ArrayList<>();
    private final List<List<String>> segmentCaptures = new ArrayList<>();

    public ExperimentFinder(Discovery discovery) {
        this.discovery = discovery;
        for (String segment : discovery.segments()) {
            StringBuilder regex = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (Template.Part part : Template.parse(segment).parts()) {
                if (part instanceof Template.Literal lit) {
                    regex.append(Pattern.quote(lit.text()));
                } else {
                    regex.append("(.+?)");
                    names.add(((Template.Placeholder) part).name());
                }
            }
            segmentPatterns.add(Pattern.compile(regex.toString()));
            segmentCaptures.add(names);
        }
    }

    /** The experiments under {@code root}, sorted by name; a name found twice is an error. */
    public List<Experiment> find(Path root) {
        List<Experiment> found = new ArrayList<>();
        try {
            walk(root, "", 0, new LinkedHashMap<>(), found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Experiment> byName = new TreeMap<>();
        for (Experiment e : found) {
            Experiment other = byName.putIfAbsent(e.name(), e);
            if (other != null) {
                throw MorphException.usage("experiment name '" + e.name() + "' is found twice, at " + other.path() + " and "
                        + e.path() + "; rename one, or skip one with the pipeline's experiments 'ignore' list");
            }
        }
        return List.copyOf(byName.values());
    }

    private void walk(Path dir, String relative, int level, Map<String, String> captured, List<Experiment> out)
            throws IOException {
        boolean last = level == segmentPatterns.size() - 1;
        List<String> names = segmentCaptures.get(level);
        String segment = discovery.segments().get(level);
        if (names.isEmpty()) {
            Path child = dir.resolve(segment);
            if (last ? accept(child) : Files.isDirectory(child)) {
                descend(child, join(relative, segment), level, captured, out);
            }
            return;
        }
        for (Path child : list(dir)) {
            String name = child.getFileName().toString();
            Matcher m = segmentPatterns.get(level).matcher(name);
            if (!m.matches() || ignored(name) || !(last ? accept(child) : Files.isDirectory(child))) {
                continue;
            }
            Map<String, String> next = new HashMap<>(captured);
            boolean allowed = true;
            for (int i = 0; i < names.size(); i++) {
                String value = m.group(i + 1);
                allowed &= discovery.values().getOrDefault(names.get(i), java.util.Set.of(value)).contains(value)
                        && !ignored(value);
                next.put(names.get(i), value);
            }
            if (allowed) {
                descend(child, join(relative, name), level, next, out);
            }
        }
    }

    private void descend(Path child, String relative, int level, Map<String, String> captured, List<Experiment> out)
            throws IOException {
        if (level == segmentPatterns.size() - 1) {
            String name = captured.get(Discovery.EXP);
            Map<String, String> attributes = new TreeMap<>(captured);
            attributes.remove(Discovery.EXP);
            out.add(new Experiment(name, attributes, relative + (discovery.matchesDirectories() ? "/" : ""), leadingDate(name)));
        } else {
            walk(child, relative, level + 1, captured, out);
        }
    }

    private boolean accept(Path candidate) {
        return discovery.matchesDirectories() ? Files.isDirectory(candidate) : Files.isRegularFile(candidate);
    }

    private boolean ignored(String name) {
        for (String rule : discovery.ignore()) {
            if (wildcardMatch(name, rule)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code name} matches an ignore rule, ignoring case: what commons-io's
     * {@code FilenameUtils.wildcardMatch(name, rule, IOCase.INSENSITIVE)} answers. Rules with only
     * {@code *} wildcards (the usual {@code .*}, {@code _*}) are matched here, without initialising
     * FilenameUtils, whose static regular expressions cost a cold start more than every match; a rule
     * with {@code ?} goes to commons-io, which reads {@code *?} its own way.
     */
    static boolean wildcardMatch(String name, String rule) {
        if (rule.indexOf('?') >= 0) {
            return FilenameUtils.wildcardMatch(name, rule, IOCase.INSENSITIVE);
        }
        // the texts between stars compared as whole regions, ignoring case, as commons-io compares them
        if (rule.indexOf('*') < 0) {
            return name.length() == rule.length() && name.regionMatches(true, 0, rule, 0, rule.length());
        }
        String[] parts = rule.split("\\*", -1);
        String first = parts[0];
        String last = parts[parts.length - 1];
        int end = name.length() - last.length();
        if (end < first.length() || !name.regionMatches(true, 0, first, 0, first.length())
                || !name.regionMatches(true, end, last, 0, last.length())) {
            return false;
        }
        int at = first.length();
        for (int i = 1; i < parts.length - 1; i++) {
            String part = parts[i];
            while (at + part.length() <= end && !name.regionMatches(true, at, part, 0, part.length())) {
                at++;
            }
            if (at + part.length() > end) {
                return false;
            }
            at += part.length();
        }
        return true;
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                out.add(p);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return out;
    }

    private static String join(String relative, String name) {
        return relative.isEmpty() ? name : relative + "/" + name;
    }

    /**
     * The date a name starts with ({@code 20250529_30hpf_ctrl} → 2025-05-29), if it is a real date:
     * {@link Selection#yyyymmdd()}'s rules, read digit by digit (a formatter per experiment is slow at 10⁴).
     */
    public static Optional<LocalDate> leadingDate(String name) {
        if (name.length() < 8) {
            return Optional.empty();
        }
        int[] v = new int[8];
        for (int i = 0; i < 8; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            v[i] = c - '0';
        }
        try {
            return Optional.of(LocalDate.of(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[4] * 10 + v[5], v[6] * 10 + v[7]));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
