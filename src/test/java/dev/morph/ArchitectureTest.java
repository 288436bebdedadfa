package dev.morph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.Test;

/**
 * The layers as docs/architecture.md draws them, read from the sources: which of morph's packages each
 * package refers to (imports and qualified names). The CLI sits on the use cases and the output formats
 * only, and no two packages depend on each other, however indirectly.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/morph");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.morph\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    /** Package (relative to dev.morph, "" for the root) → the packages its sources refer to. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> out = deps.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        out.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    @Test
    void cli_usesOnlyTheServicesTheOutputFormatsAndThePipelineModel() {
        // html renders the report and dashboard pages as report renders text: an output format
        Set<String> allowed = Set.of("app", "report", "html", "pipeline");
        Set<String> used = dependencies().get("cli");
        assertTrue(allowed.containsAll(used), "cli refers to " + used + "; allowed: " + allowed);
    }

    @Test
    void packages_formNoCycle() {
        Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        dependencies().forEach((from, tos) -> {
            graph.addVertex(from);
            tos.forEach(to -> {
                graph.addVertex(to);
                graph.addEdge(from, to);
            });
        });
        List<String> cyclic = new ArrayList<>(new CycleDetector<>(graph).findCycles());
        assertEquals(List.of(), cyclic, "packages in a dependency cycle");
    }

    @Test
    void useCases_andFormats_doNotReachUpIntoTheCommandLine() {
        Map<String, Set<String>> deps = dependencies();
        for (String lower : List.of("app", "report", "html", "text", "plan", "exec", "run", "journal", "store", "artifact", "discover", "pipeline")) {
            assertTrue(!deps.getOrDefault(lower, Set.of()).contains("cli") && !deps.getOrDefault(lower, Set.of()).contains("launcher"),
                    lower + " refers to " + deps.get(lower));
        }
        assertTrue(!deps.get("app").contains("report"), "app refers to report: " + deps.get("app"));
        assertTrue(!deps.get("app").contains("html"), "app refers to html: " + deps.get("app"));
    }
}
