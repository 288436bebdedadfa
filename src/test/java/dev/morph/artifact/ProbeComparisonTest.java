package dev.morph.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.morph.pipeline.ArtifactKind;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast probe (directory-relative walk, the portable walk, cached and walked on a pool) against the
 * plain {@link ReferenceProbe} on many random trees: nested directories, hidden files, empty
 * directories, files and directories where the other is expected, equal mtimes, links to files and
 * directories, dangling links and links back up the tree. Every observation must be identical.
 */
class ProbeComparisonTest {
    private static final int SCENARIOS = 300;

    @Test
    void observe_randomTrees_fastProbesAgreeWithReference() throws IOException {
        Map<ArtifactKind, int[]> existing = new EnumMap<>(ArtifactKind.class);
        int compared = 0;
        int withLinks = 0;
        for (int seed = 0; seed < SCENARIOS; seed++) {
            Random random = new Random(seed);
            try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
                Path root = fs.getPath("/data");
                RandomTree tree = new RandomTree(root, random);
                tree.build();
                withLinks += tree.links > 0 ? 1 : 0;
                List<Artifact> artifacts = tree.artifacts();
                ReferenceProbe reference = new ReferenceProbe(root);
                FileSystemProbe relative = new FileSystemProbe(root);
                FileSystemProbe portable = new FileSystemProbe(root, false, false);
                try (ProbeCache pooled = new ProbeCache(FileSystemProbe.forOnePlan(root), random.nextBoolean() ? ProbeWidth.learnt() : ProbeWidth.fixed(1 + random.nextInt(4)))) {
                    pooled.prefetch(artifacts);
                    for (Artifact a : artifacts) {
                        Observation expected = reference.observe(a);
                        String where = "seed " + seed + ", " + a.kind() + " " + a.display();
                        assertEquals(expected, relative.observe(a), where + " (directory-relative walk)");
                        assertEquals(expected, portable.observe(a), where + " (portable walk)");
                        assertEquals(expected, pooled.observe(a), where + " (for one plan: cached, walked on a pool, listings shared)");
                        existing.computeIfAbsent(a.kind(), k -> new int[2])[expected.exists() ? 0 : 1]++;
                        compared++;
                    }
                }
            }
        }
        // the scenarios exercise what they claim to: each kind both present and absent, links in many trees
        for (ArtifactKind kind : ArtifactKind.values()) {
            int[] seen = existing.get(kind);
            assertTrue(seen != null && seen[0] > 50 && seen[1] > 50, kind + " present/absent: " + (seen == null ? "none" : seen[0] + "/" + seen[1]));
        }
        assertTrue(withLinks > SCENARIOS / 2, "trees with links: " + withLinks);
        assertTrue(compared > SCENARIOS * 10, "artifacts compared: " + compared);
    }

    @Test
    void observe_directoryWithLinkBackUp_countsEachFileOnce() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = fs.getPath("/data");
            Path d = root.resolve("d/sub");
            Files.createDirectories(d);
            Files.writeString(d.resolve("x.png"), "x");
            Files.setLastModifiedTime(d.resolve("x.png"), FileTime.fromMillis(5_000));
            Files.createSymbolicLink(d.resolve("up"), fs.getPath(".."));
            Files.createSymbolicLink(root.resolve("d/gone"), fs.getPath("/nowhere"));
            Artifact dir = new Artifact(ArtifactKind.DIR, "d");

            Observation fast = new FileSystemProbe(root).observe(dir);

            assertEquals(new Observation(true, 5_000_000_000L, "d/sub/x.png", 1), fast);
            assertEquals(fast, new ReferenceProbe(root).observe(dir));
        }
    }

    @Test
    void observe_equalMtimes_namesTheFirstFileInListingOrderEverywhere() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = fs.getPath("/data");
            for (String f : List.of("d/b.png", "d/a/z.png", "d/c.png")) {
                Path p = root.resolve(f);
                Files.createDirectories(p.getParent());
                Files.writeString(p, f);
                Files.setLastModifiedTime(p, FileTime.fromMillis(7_000));
            }
            Artifact dir = new Artifact(ArtifactKind.DIR, "d");

            // Jimfs lists names sorted; the walk is depth-first, so d/a/z.png comes first
            assertEquals("d/a/z.png", new FileSystemProbe(root).observe(dir).newest());
            assertEquals("d/a/z.png", new FileSystemProbe(root, false, false).observe(dir).newest());
            assertEquals("d/a/z.png", new ReferenceProbe(root).observe(dir).newest());
        }
    }

    @Test
    void observe_artifactsOutsideTheRoot_agreeEverywhereAndNameFilesByAbsolutePath() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = fs.getPath("/data");
            Files.createDirectories(root);
            long t = 1_000;
            for (String f : List.of("/opt/repo/models/sam2/sam.pt", "/opt/repo/models/gdino.pth", "/opt/repo/configs/a.yaml",
                    "/opt/repo/configs/b.yml", "/data/inside.pt")) {
                Path p = fs.getPath(f);
                Files.createDirectories(p.getParent());
                Files.writeString(p, f);
                Files.setLastModifiedTime(p, FileTime.fromMillis(t += 1_000));
            }
            List<Artifact> outside = List.of(new Artifact(ArtifactKind.FILE, "/opt/repo/models/gdino.pth"),
                    new Artifact(ArtifactKind.DIR, "/opt/repo/models"), new Artifact(ArtifactKind.GLOB, "/opt/repo/configs/*.yaml"),
                    new Artifact(ArtifactKind.GLOB, "/opt/repo/*/*.p*"), new Artifact(ArtifactKind.FILE, "/opt/repo/missing.pt"),
                    new Artifact(ArtifactKind.DIR, "/nowhere"));
            List<String> newest = List.of("/opt/repo/models/gdino.pth", "/opt/repo/models/gdino.pth", "/opt/repo/configs/a.yaml",
                    "/opt/repo/models/gdino.pth");

            for (int i = 0; i < outside.size(); i++) {
                Artifact a = outside.get(i);
                Observation expected = new ReferenceProbe(root).observe(a);
                assertEquals(expected, new FileSystemProbe(root).observe(a), a.display());
                assertEquals(expected, new FileSystemProbe(root, false, false).observe(a), a.display());
                assertEquals(i < newest.size() ? newest.get(i) : null, expected.newest(), a.display());
            }
        }
    }

    @Test
    void observe_perExperimentGlobsInASharedDirectory_agreeWithReferenceThroughLinksAndPrefixes() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = fs.getPath("/data");
            long t = 1_000;
            for (String f : List.of("metadata/well_metadata/e1_well_metadata.xlsx", "metadata/well_metadata/e10_well_metadata.xlsx",
                    "metadata/plate_metadata/e2_well_metadata_v2.xlsx", "metadata/plate_metadata/e1_well_metadata_old.xlsx",
                    "metadata/built/e1_well_metadata.xlsx", "metadata/well_metadata/sub/e1_well_metadata.xlsx")) {
                Path p = root.resolve(f);
                Files.createDirectories(p.getParent());
                Files.writeString(p, f);
                Files.setLastModifiedTime(p, FileTime.fromMillis(t += 1_000));
            }
            // a link back up the tree, and one to a directory elsewhere in it
            Files.createSymbolicLink(root.resolve("metadata/well_metadata/up_metadata"), root.resolve("metadata"));
            Files.createSymbolicLink(root.resolve("metadata/link_metadata"), root.resolve("metadata/plate_metadata"));

            for (String exp : List.of("e1", "e10", "e2", "e3")) {
                for (String glob : List.of("metadata/{well,plate}_metadata/" + exp + "_well_metadata*.xlsx",
                        "metadata/*_metadata/" + exp + "_well_metadata*.xlsx", "metadata/*/*/" + exp + "_well_metadata*.xlsx")) {
                    Artifact a = new Artifact(ArtifactKind.GLOB, glob);
                    FileSystemProbe shared = FileSystemProbe.forOnePlan(root);
                    Observation expected = new ReferenceProbe(root).observe(a);
                    assertEquals(expected, new FileSystemProbe(root).observe(a), glob);
                    assertEquals(expected, shared.observe(a), glob);
                    assertEquals(expected, shared.observe(a), glob + ", from the listings read before");
                }
            }
            assertEquals(new Observation(true, 5_000_000_000L, "metadata/plate_metadata/e1_well_metadata_old.xlsx", 2),
                    new FileSystemProbe(root).observe(new Artifact(ArtifactKind.GLOB, "metadata/{well,plate}_metadata/e1_well_metadata*.xlsx")));
        }
    }

    @Test
    void observe_globAfterAFileAppears_seenByAFreshProbeAsARunChecksOutputs() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = fs.getPath("/data");
            Files.createDirectories(root.resolve("masks"));
            Artifact masks = new Artifact(ArtifactKind.GLOB, "masks/{emb,yolk}_e1_*.jpg");
            FileSystemProbe fresh = new FileSystemProbe(root);
            assertEquals(Observation.ABSENT, fresh.observe(masks));

            Files.writeString(root.resolve("masks/emb_e1_s1.jpg"), "written by the job");
            Files.setLastModifiedTime(root.resolve("masks/emb_e1_s1.jpg"), FileTime.fromMillis(9_000));

            assertEquals(new Observation(true, 9_000_000_000L, "masks/emb_e1_s1.jpg", 1), fresh.observe(masks));
        }
    }

    /** A random data root and the artifacts to ask about, some of them deliberately absent or of the wrong kind. */
    private static final class RandomTree {
        private static final String[] NAMES = {"a", "b", "c", ".hidden", "_x", "img1.png", "img2.png", "t.txt", "m.csv", "sub"};
        private final Path root;
        private final Random random;
        private final List<Path> files = new ArrayList<>();
        private final List<Path> dirs = new ArrayList<>();
        int links;

        RandomTree(Path root, Random random) {
            this.root = root;
            this.random = random;
        }

        void build() throws IOException {
            Files.createDirectories(root);
            dirs.add(root);
            int entries = 5 + random.nextInt(40);
            for (int i = 0; i < entries; i++) {
                Path parent = dirs.get(random.nextInt(dirs.size()));
                Path p = parent.resolve(NAMES[random.nextInt(NAMES.length)]);
                if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                int what = random.nextInt(10);
                if (what < 5) {
                    Files.writeString(p, p.toString());
                    // few distinct times, so equal mtimes are common
                    Files.setLastModifiedTime(p, FileTime.fromMillis(1_000L * random.nextInt(4) + random.nextInt(2)));
                    files.add(p);
                } else if (what < 8) {
                    Files.createDirectory(p);
                    dirs.add(p);
                } else {
                    links++;
                    Path target = switch (random.nextInt(4)) {
                        case 0 -> files.isEmpty() ? root.resolve("nowhere") : files.get(random.nextInt(files.size()));
                        case 1 -> dirs.get(random.nextInt(dirs.size())); // may point back up the tree
                        case 2 -> root.resolve("missing/" + i); // dangling
                        default -> p.getFileSystem().getPath(".."); // relative, back up one level
                    };
                    Files.createSymbolicLink(p, target);
                }
            }
        }

        List<Artifact> artifacts() {
            List<Artifact> out = new ArrayList<>();
            List<Path> all = new ArrayList<>(files);
            all.addAll(dirs.subList(1, dirs.size()));
            for (Path p : all) {
                String rel = root.relativize(p).toString();
                out.add(new Artifact(ArtifactKind.FILE, rel));
                out.add(new Artifact(ArtifactKind.DIR, rel));
            }
            out.add(new Artifact(ArtifactKind.DIR, "absent"));
            out.add(new Artifact(ArtifactKind.FILE, "absent.csv"));
            for (String glob : List.of("*/*.png", "**.png", "a/**", "*/sub/*.txt", "?/*", "b/*/img?.png", "c/{a,b}/*.csv",
                    "missing/*.png", "[ab]/*", ".hidden/**", "{a,b,sub}/*.png", "*/{sub,_x}/*.txt", "{c,a}/{a,b}*/*",
                    "{a/sub,b}/*.png")) {
                out.add(new Artifact(ArtifactKind.GLOB, glob));
            }
            return out;
        }
    }
}
