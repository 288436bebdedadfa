package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code morph report} writes the file asked for and nothing else: after it, every path under the data root
 * (records, runs, logs included) has the same type, size and mtime, and nothing new exists. Its size at
 * 1,000 experiments stays a few MB.
 */
class ReportReadOnlyTest {
    @TempDir
    Path tmp;

    @Test
    void writesOnlyTheFileAskedFor() throws Exception {
        DemoLab lab = new DemoLab(tmp);
        lab.morph(0, "run", "e2e", "-j", "2");
        Map<String, String> before = tree(lab.root);
        Path out = tmp.resolve("out/report.html");
        Files.createDirectories(out.getParent());
        lab.morph(0, "report", "-o", out.toString());
        assertEquals(before, tree(lab.root));
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside the report");
        }
        assertTrue(Files.readString(out).contains("default-src 'none'"));
    }

    @Test
    void aThousandExperiments_fitInAFewMegabytes() throws Exception {
        DemoLab lab = new DemoLab(tmp);
        Path template = lab.root.resolve("raw_image_data/YX1/20250603_24hpf_wnt");
        for (int i = 0; i < 1000; i++) {
            Path copy = Files.createDirectories(template.resolveSibling(String.format("20250701_e%04d", i)));
            try (Stream<Path> files = Files.list(template)) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        Path out = tmp.resolve("big.html");
        lab.morph(0, "report", "-o", out.toString());
        long size = Files.size(out);
        assertTrue(size < 4L << 20, "report of 1,006 experiments is " + size + " bytes");
        assertTrue(Files.readString(out).contains("20250701_e0999"));
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                out.put(root.relativize(p).toString(), (a.isDirectory() ? "d" : "f") + " " + (a.isDirectory() ? 0 : a.size()) + " "
                        + a.lastModifiedTime().toMillis());
            }
        }
        return out;
    }
}
