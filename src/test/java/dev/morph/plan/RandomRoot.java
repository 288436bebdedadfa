package dev.morph.plan;

import dev.morph.journal.JobRecord;
import dev.morph.run.JobStatus;
import dev.morph.journal.Journal;
import dev.morph.store.StateLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random data root for {@link PlanComparisonTest#PIPELINE}: random experiments (and directories discovery
 * must skip), each artifact present, empty, missing or of the wrong kind, mtimes from a few seconds (so
 * ties are common), nested, hidden and linked files (to files, to directories, dangling, back up the
 * tree), files that globs must and must not match, and random journal records.
 */
final class RandomRoot {
    private final Fixture f;
    private final Random random;
    private int linkCount;

    RandomRoot(Fixture f, Random random) {
        this.f = f;
        this.random = random;
    }

    void build() {
        List<String> experiments = new ArrayList<>();
        for (String name : PlanComparisonTest.NAMES) {
            if (random.nextInt(3) > 0) {
                experiments.add(name);
            }
        }
        // directories discovery must skip, full of files that must not count
        dirWithFiles("raw/K/_archive", 1);
        dirWithFiles("raw/Y/.staging", 1);
        dirWithFiles("raw/Y/IGNORE_calibration", 1);
        dirWithFiles("raw/Z/20250101_z1", 1);
        for (String e : experiments) {
            String scope = e.contains("_k") ? "K" : "Y";
            String raw = "raw/" + scope + "/" + e;
            if (random.nextInt(6) == 0) {
                // raw data linked in from elsewhere
                dirWithFiles("store/" + e, random.nextInt(3));
                link(raw, f.root.resolve("store/" + e));
            } else if (random.nextInt(6) == 0) {
                f.dir(raw); // empty: exists for discovery, missing as an input
            } else {
                dirWithFiles(raw, 1 + random.nextInt(3));
            }
            maybeFile("meta/" + e + ".csv", 5);
            maybeDir("a/" + e);
            maybeFile("a/" + e + ".csv", 4);
            for (String m : List.of("m1", "m2")) {
                if (random.nextBoolean()) {
                    f.file("seg/" + m + "/" + e + "/mask.png", time());
                }
                if (random.nextInt(4) == 0) {
                    f.file("seg/" + m + "/" + e + "/notes.txt", time()); // does not match *.png
                }
            }
            maybeDir("b/" + e);
            maybeFile("c/m1/" + e + ".txt", 3);
            maybeFile("k/" + e + ".txt", 3);
        }
        maybeFile("ref/stages.csv", 6);
        maybeFile("g/all.csv", 3);
        maybeDir("h");
        if (random.nextBoolean()) {
            f.file("logs/run.log", time());
        }
        if (random.nextBoolean()) {
            f.file("logs/deep/er/x.log", time());
        }
        journal(experiments);
    }

    /** Seconds 0..6: few distinct times, so equal mtimes are common. */
    private long time() {
        return random.nextInt(7);
    }

    private void maybeFile(String path, int oneIn) {
        if (random.nextInt(oneIn) > 0) {
            f.file(path, time());
        } else if (random.nextInt(5) == 0) {
            dirWithFiles(path, 1); // a directory where a file is expected: missing
        }
    }

    /** A directory output: missing, empty, or files with nested, hidden and linked entries. */
    private void maybeDir(String path) {
        switch (random.nextInt(5)) {
            case 0 -> {
            }
            case 1 -> f.dir(path);
            default -> {
                dirWithFiles(path, 1 + random.nextInt(3));
                if (random.nextInt(3) == 0) {
                    f.file(path + "/sub/deeper/n.png", time());
                }
                if (random.nextInt(4) == 0) {
                    f.file(path + "/.hidden", time());
                }
                switch (random.nextInt(6)) {
                    case 0 -> link(path + "/gone.png", f.root.resolve("nowhere/x.png"));
                    case 1 -> link(path + "/up", f.fs.getPath(".."));
                    case 2 -> {
                        f.file("elsewhere/" + linkCount + ".png", time());
                        link(path + "/linked.png", f.root.resolve("elsewhere/" + linkCount + ".png"));
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private void dirWithFiles(String path, int files) {
        f.dir(path);
        for (int i = 0; i < files; i++) {
            f.file(path + "/img" + i + ".tif", time());
        }
    }

    private void link(String path, Path target) {
        try {
            Files.createDirectories(f.root.resolve(path).getParent());
            Files.createSymbolicLink(f.root.resolve(path), target);
            linkCount++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Journal records for random jobs: succeeded or not, built with another command, params or experiment set. */
    private void journal(List<String> experiments) {
        Journal journal = new Journal(new StateLayout(f.root));
        for (String step : PlanComparisonTest.STEPS) {
            boolean global = step.equals("g") || step.equals("h");
            for (String e : global ? Collections.<String>singletonList(null) : experiments) {
                if (random.nextInt(3) > 0) {
                    continue;
                }
                JobStatus status = random.nextInt(4) == 0 ? JobStatus.FAILED : JobStatus.SUCCEEDED;
                List<String> template = random.nextInt(5) == 0 ? List.of("tool", "old") : null;
                Map<String, String> params = step.equals("c") && random.nextInt(3) == 0 ? Map.of("model", "m0") : null;
                List<String> set = step.equals("g") && random.nextBoolean() ? List.of("20250101_k1") : null;
                long newestInput = random.nextInt(7) * 1_000_000_000L;
                JobId id = new JobId(step, e);
                try {
                    journal.write(new JobRecord(id, new JobRecord.Attempt("r1", "host", 1, 1, newestInput),
                            new JobRecord.Command(List.of("tool"), template, params), new JobRecord.Inputs(newestInput, null, set),
                            new JobRecord.Outcome(status, null, Map.of(), 0, null, null)));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }
        }
    }
}
