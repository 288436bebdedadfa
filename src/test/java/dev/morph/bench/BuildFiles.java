package dev.morph.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads back the jobs a generated Makefile or build.ninja declares — what each writes and reads, as
 * files — and decides which would run by Make's rule on the files of a root, independently of the
 * generator's own graph. Test support for {@link PeerGraphTest}: it reads only what the writers write.
 */
final class BuildFiles {
    /** A declared job: the recipe's label, and the files it writes and reads. */
    record Declared(String label, Set<String> outputs, Set<String> inputs) {
    }

    private BuildFiles() {
    }

    /** A job per recipe rule; a line {@code a b: primary ;} adds {@code a b} to the outputs of primary's job. */
    static List<Declared> makefile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, Declared> byPrimary = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || l.startsWith("#") || l.startsWith("\t") || l.startsWith("MAKEFLAGS") || l.startsWith(".")
                    || l.startsWith("all:")) {
                continue;
            }
            int colon = l.indexOf(':');
            List<String> targets = words(l.substring(0, colon));
            if (l.endsWith(" ;")) {
                String primary = l.substring(colon + 1, l.length() - 2).strip();
                byPrimary.get(primary).outputs().addAll(targets);
                continue;
            }
            String recipe = lines.get(i + 1);
            if (targets.size() != 1 || !recipe.startsWith("\t")) {
                throw new IllegalStateException("unexpected Makefile line " + (i + 1) + ": " + l);
            }
            String label = recipe.strip().startsWith(MakefileWriter.LABEL.strip())
                    ? recipe.strip().substring(MakefileWriter.LABEL.length()) : recipe.strip();
            byPrimary.put(targets.get(0), new Declared(label, new LinkedHashSet<>(targets),
                    new LinkedHashSet<>(words(l.substring(colon + 1)))));
        }
        return List.copyOf(byPrimary.values());
    }

    /** A job per {@code build OUTS: job INS} statement, labelled by its {@code label =} line. */
    static List<Declared> ninja(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Declared> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("build ")) {
                int colon = l.indexOf(": job");
                String label = lines.get(i + 1).strip().replaceFirst("^label = ", "");
                out.add(new Declared(label, new LinkedHashSet<>(words(l.substring("build ".length(), colon))),
                        new LinkedHashSet<>(words(l.substring(colon + ": job".length())))));
            }
        }
        return out;
    }

    /**
     * The labels of the jobs Make's rule runs on {@code root}: an output missing, an input newer than an
     * output, or a job producing one of its inputs runs. Jobs are taken in dependency order.
     */
    static Set<String> wouldRun(List<Declared> jobs, Path root) throws IOException {
        Map<String, Declared> producer = new HashMap<>();
        jobs.forEach(j -> j.outputs().forEach(o -> producer.put(o, j)));
        Set<String> running = new LinkedHashSet<>();
        Set<Declared> decided = new LinkedHashSet<>();
        List<Declared> todo = new ArrayList<>(jobs);
        while (!todo.isEmpty()) {
            int before = todo.size();
            for (Declared j : List.copyOf(todo)) {
                if (j.inputs().stream().map(producer::get).anyMatch(p -> p != null && !decided.contains(p))) {
                    continue; // an upstream job is not decided yet
                }
                boolean run = j.inputs().stream().map(producer::get).anyMatch(p -> p != null && running.contains(p.label()));
                long newestIn = Long.MIN_VALUE;
                for (String in : j.inputs()) {
                    Path p = root.resolve(in);
                    if (Files.exists(p)) {
                        newestIn = Math.max(newestIn, Files.getLastModifiedTime(p).toMillis());
                    }
                }
                for (String out : j.outputs()) {
                    Path p = root.resolve(out);
                    run |= !Files.exists(p) || Files.getLastModifiedTime(p).toMillis() < newestIn;
                }
                if (run) {
                    running.add(j.label());
                }
                decided.add(j);
                todo.remove(j);
            }
            if (todo.size() == before) {
                throw new IllegalStateException("cycle among " + todo);
            }
        }
        return running;
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
