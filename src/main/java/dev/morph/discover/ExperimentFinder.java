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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
    private static final Pattern LEADING_DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
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
            segmentPatterns.add(Pattern.compile(regex.toString(), Pattern.DOTALL)); // DOTALL: a name with a line break matches, to be skipped
            segmentCaptures.add(names);
        }
    }

    /**
     * A folder the pattern matches but skips because a capture's value is not one of the declared
     * {@code values} (a {@code Leica/} beside {@code Keyence/} and {@code YX1/}): its path relative to the
     * root, why, and the experiment names found below it.
     */
    public record Skipped(String path, String reason, List<String> names) {
        public Skipped {
            names = List.copyOf(names);
        }
    }

    /**
     * What discovery found: the experiments, the folders it skipped, and when it found nothing, where the
     * pattern stopped matching (empty otherwise).
     */
    public record Found(List<Experiment> experiments, List<Skipped> skipped, String nothingFound) {
        public Found {
            experiments = List.copyOf(experiments);
            skipped = List.copyOf(skipped);
        }
    }

    /** The experiments under {@code root}, sorted by name; a name found twice is an error. */
    public List<Experiment> find(Path root) {
        return scan(root).experiments();
    }

    /** The experiments under {@code root} with what was skipped and, if nothing matched, where matching stopped. */
    public Found scan(Path root) {
        List<Experiment> found = new ArrayList<>();
        Walk walk = new Walk();
        try {
            walk(root, "", 0, new LinkedHashMap<>(), found, walk);
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
        String nothing = byName.isEmpty() ? walk.whereItStopped(discovery) : "";
        return new Found(List.copyOf(byName.values()), walk.skipped, nothing);
    }

    /** What one walk saw besides experiments: skipped folders and the deepest level it reached. */
    private static final class Walk {
        final List<Skipped> skipped = new ArrayList<>();
        boolean recording = true;
        int deepest = -1;
        String deepestPath = "";

        void reached(int level, String relative) {
            if (recording && level > deepest) {
                deepest = level;
                deepestPath = relative;
            }
        }

        String whereItStopped(Discovery d) {
            String segment = d.segments().get(deepest);
            String where = deepestPath.isEmpty() ? "the data root" : "'" + deepestPath + "/'";
            String matched = skipped.isEmpty() ? "" : " except skipped folders ("
                    + String.join(", ", skipped.stream().map(Skipped::path).toList()) + ")";
            return "the experiments pattern '" + d.pattern() + "' matches nothing: " + where + " holds nothing matching '"
                    + segment + "'" + matched;
        }
    }

    private void walk(Path dir, String relative, int level, Map<String, String> captured, List<Experiment> out, Walk walk)
            throws IOException {
        walk.reached(level, relative);
        boolean last = level == segmentPatterns.size() - 1;
        List<String> names = segmentCaptures.get(level);
        String segment = discovery.segments().get(level);
        if (names.isEmpty()) {
            Path child = dir.resolve(segment);
            if (last ? accept(child) : Files.isDirectory(child)) {
                descend(child, join(relative, segment), level, captured, out, walk);
            }
            return;
        }
        for (Path child : list(dir)) {
            String name = child.getFileName().toString();
            String unrepresentable = unrepresentable(name);
            if (unrepresentable != null) {
                if (walk.recording && segmentPatterns.get(level).matcher(name).matches()) {
                    walk.skipped.add(new Skipped(join(relative, printable(name)), unrepresentable, List.of()));
                }
                continue;
            }
            Matcher m = segmentPatterns.get(level).matcher(name);
            if (!m.matches() || ignored(name) || !(last ? accept(child) : Files.isDirectory(child))) {
                continue;
            }
            Map<String, String> next = new HashMap<>(captured);
            boolean allowed = true;
            String notListed = null;
            boolean deliberate = false;
            for (int i = 0; i < names.size(); i++) {
                String value = m.group(i + 1);
                boolean listed = discovery.values().getOrDefault(names.get(i), Set.of(value)).contains(value);
                if (!listed && notListed == null) {
                    notListed = names.get(i) + " '" + value + "' is not one of the pipeline's values ("
                            + String.join(", ", new TreeSet<>(discovery.values().get(names.get(i)))) + ")";
                }
                allowed &= listed;
                deliberate |= ignored(value);
                next.put(names.get(i), value);
            }
            if (allowed && !deliberate) {
                descend(child, join(relative, name), level, next, out, walk);
            } else if (!deliberate && walk.recording) {
                skip(child, join(relative, name), level, next, notListed, walk);
            }
        }
    }

    /** Records a skipped folder with the experiment names below it (found by walking on, not recording). */
    private void skip(Path child, String relative, int level, Map<String, String> captured, String reason, Walk walk)
            throws IOException {
        List<Experiment> below = new ArrayList<>();
        walk.recording = false;
        try {
            descend(child, relative, level, captured, below, walk);
        } finally {
            walk.recording = true;
        }
        walk.skipped.add(new Skipped(relative + (level < segmentPatterns.size() - 1 || discovery.matchesDirectories() ? "/" : ""),
                reason, below.stream().map(Experiment::name).sorted().toList()));
    }

    private void descend(Path child, String relative, int level, Map<String, String> captured, List<Experiment> out, Walk walk)
            throws IOException {
        if (level == segmentPatterns.size() - 1) {
            String name = captured.get(Discovery.EXP);
            Map<String, String> attributes = new TreeMap<>(captured);
            attributes.remove(Discovery.EXP);
            out.add(new Experiment(name, attributes, relative + (discovery.matchesDirectories() ? "/" : ""), leadingDate(name)));
        } else {
            walk(child, relative, level + 1, captured, out, walk);
        }
    }

    /**
     * Why morph cannot use a folder name (commands, logs and records could not say it unambiguously), or
     * null: a line break or another control character, or bytes that are not UTF-8 (decoded as U+FFFD).
     */
    private static String unrepresentable(String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            return "its name is not valid UTF-8; rename it";
        }
        return name.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))
                ? "its name holds a line break or another control character; rename it" : null;
    }

    /** The name with control characters shown as escapes ({@code \n}, {@code \u0007}). */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.chars().forEach(c -> out.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : Character.isISOControl(c)
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    private boolean accept(Path candidate) {
        return discovery.matchesDirectories() ? Files.isDirectory(candidate) : Files.isRegularFile(candidate);
    }

    private boolean ignored(String name) {
        for (String rule : discovery.ignore()) {
            if (FilenameUtils.wildcardMatch(name, rule, IOCase.INSENSITIVE)) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(out::add);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return out;
    }

    private static String join(String relative, String name) {
        return relative.isEmpty() ? name : relative + "/" + name;
    }

    /**
     * The date a name starts with ({@code 20250529_30hpf_ctrl} → 2025-05-29): eight ASCII digits,
     * {@code YYYYMMDD}, of a day that exists.
     */
    public static Optional<LocalDate> leadingDate(String name) {
        Matcher m = LEADING_DATE.matcher(name);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
