package dev.morph.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The netfs block's instrument, short of mounting it (that needs FUSE and root, and is the benchmark's
 * job): the server's stats file is read as the server writes it, and counts are subtracted per command;
 * the counters the Java side expects are the ones {@code src/bench/netfs/stats.c} writes; the block's options parse and
 * keep the local blocks out unless asked for; the server's command line and the mount table are read
 * right; and the report shows each tool's calls per directory and per entry.
 */
class NetFsInstrumentTest {
    private static final String STATS = """
            netfs-stats 1
            state mounted
            dumps 3
            delay_us 500
            max_threads 128
            lookup 1034
            getattr 1037
            readlink 0
            opendir 69
            readdir 138
            readdir_entries 965
            releasedir 69
            open 0
            read 0
            release 0
            statfs 1
            forget 12
            delayed_calls 2280
            delayed_ns 1282500000
            """;

    @TempDir
    Path tmp;

    @Test
    void statsFile_asTheServerWritesIt_readsEveryCounterAndTheDelay() {
        CallCounts c = CallCounts.parse(STATS.lines().toList(), "stats");
        assertEquals("mounted", c.state());
        assertEquals(3, c.dumps());
        assertEquals(500, c.delayUs());
        assertEquals(128, c.maxThreads());
        assertEquals(1034, c.get("lookup"));
        assertEquals(69, c.get("opendir"));
        assertEquals(1034 + 1037 + 69 + 138 + 1, c.roundTrips());
        assertEquals(562.5, c.meanDelayMicros(), 1e-9);
        assertEquals(CallCounts.COUNTERS, List.copyOf(c.counters().keySet()));
    }

    @Test
    void twoReadings_minus_givesWhatWasServedBetweenThem() {
        CallCounts before = CallCounts.parse(STATS.lines().toList(), "before");
        CallCounts after = CallCounts.parse(STATS.replace("lookup 1034", "lookup 1534").replace("dumps 3", "dumps 4")
                .replace("opendir 69", "opendir 70").lines().toList(), "after");
        CallCounts d = after.minus(before);
        assertEquals(500, d.get("lookup"));
        assertEquals(1, d.get("opendir"));
        assertEquals(0, d.get("getattr"));
        assertEquals(4, d.dumps());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> before.minus(after));
        assertTrue(e.getMessage().contains("counter lookup went down from 1534 to 1034"), e.getMessage());
    }

    @Test
    void malformedStats_oneErrorNamingTheFileLineAndWhatIsWrong() {
        assertEquals("f:1: not a netfs stats file (expected 'netfs-stats 1'); rebuild the server (rm target/bench-netfs; run.sh --netfs builds it from src/bench/netfs/)",
                assertThrows(IllegalArgumentException.class, () -> CallCounts.parse(List.of("lookup 1"), "f")).getMessage());
        assertEquals("f:3: 'lookup' is not one 'name value' pair of its own", assertThrows(IllegalArgumentException.class,
                () -> CallCounts.parse(List.of("netfs-stats 1", "state mounted", "lookup"), "f")).getMessage());
        assertEquals("f: 'getattr x' is not a count", assertThrows(IllegalArgumentException.class,
                () -> CallCounts.parse(STATS.replace("getattr 1037", "getattr x").lines().toList(), "f")).getMessage());
        assertEquals("f: no 'statfs' counter; rebuild the server (rm target/bench-netfs; run.sh --netfs builds it from src/bench/netfs/)", assertThrows(IllegalArgumentException.class,
                () -> CallCounts.parse(STATS.replace("statfs 1\n", "").lines().toList(), "f")).getMessage());
    }

    @Test
    void serverSource_writesExactlyTheCountersTheBenchmarkReads() throws Exception {
        String source = Files.readString(Path.of("src/bench/netfs/stats.c"), StandardCharsets.UTF_8);
        Matcher names = Pattern.compile("op_names\\[OP_COUNT\\] = \\{([^}]*)\\}").matcher(source);
        assertTrue(names.find(), "stats.c has its op_names table");
        Set<String> written = new LinkedHashSet<>();
        Matcher quoted = Pattern.compile("\"([a-z_]+)\"").matcher(names.group(1));
        while (quoted.find()) {
            written.add(quoted.group(1));
        }
        assertEquals(Set.copyOf(CallCounts.COUNTERS), written);
        assertTrue(source.contains("\"netfs-stats 1\\nstate %s\\ndumps %llu\\ndelay_us %ld\\nmax_threads %u\\n\""),
                "the header lines CallCounts.parse reads");
    }

    @Test
    void netfsOption_runsTheBlockAloneUnlessOtherBlocksAreAskedFor() {
        Benchmark b = parse("--netfs", "0,500", "--netfs-sizes", "5x20,10x50", "--netfs-probe-threads", "2,8");
        assertEquals(List.of(), b.sizes);
        assertTrue(b.noJvm);
        assertEquals(0, b.overheadJobs);
        assertEquals(List.of(), b.plannerSizes);
        assertEquals(List.of("find", "status", "plan", "ninja", "make"), b.netfsTools(), "snakemake only when asked for");
        NetFsBench.Options o = b.netfsOptions();
        assertEquals(List.of(0, 500), o.latenciesUs());
        assertEquals(List.of(new DryRunBench.Size(5, 20), new DryRunBench.Size(10, 50)), o.sizes());
        assertEquals(List.of(2, 8), o.probeThreads());
        assertEquals(128, o.serverThreads());
        assertEquals(3, o.reps());

        Benchmark both = parse("--netfs", "500", "--sizes", "100x100", "--jvm-reps", "9", "--tools", "find,snakemake");
        assertEquals(List.of("100x100"), both.sizes);
        assertFalse(both.noJvm);
        assertEquals(List.of("find", "snakemake"), both.netfsTools());

        Benchmark local = parse("--quick");
        assertEquals(List.of("20x10"), local.sizes);
        assertEquals(List.of(), local.netfsOptions().sizes(), "no netfs block without --netfs");
    }

    @Test
    void netfsOption_badValues_oneErrorNamingTheOption() {
        assertEquals("netfs latency (-5 µs) must be 0 or more",
                assertThrows(CommandLine.ParameterException.class, () -> parse("--netfs", "-5").netfsOptions()).getMessage());
        assertEquals("--netfs-probe-threads [4, 0]: each must be at least 1", assertThrows(CommandLine.ParameterException.class,
                () -> parse("--netfs", "500", "--netfs-probe-threads", "4,0").netfsOptions()).getMessage());
        assertEquals("netfs server threads (0) must be at least 1", assertThrows(CommandLine.ParameterException.class,
                () -> parse("--netfs", "500", "--netfs-server-threads", "0").netfsOptions()).getMessage());
    }

    @Test
    void heapLimit_512MegabytesPastTwoMillionFiles_unlessGiven() {
        assertEquals("-Xmx256m", DryRunBench.defaultJavaOptions(805_005)); // 1000x100
        assertEquals("-Xmx512m", DryRunBench.defaultJavaOptions(8_005_005)); // 1000x1000
        assertEquals("-Xmx1g", parse("--java-options", "-Xmx1g").javaOptions);
    }

    @Test
    void serverCommandLine_andMountTable() {
        List<String> argv = NetFs.command(new NetFs.Config(Path.of("/b/netfs"), 500, 64), Path.of("/src"), Path.of("/mnt"), Path.of("/s"));
        assertEquals(List.of("/b/netfs", "--delay-us=500", "--stats=/s", "-o", "max_threads=64", "-f", "/src", "/mnt"), argv);
        List<String> points = NetFs.mountPoints(List.of(
                "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
                "98 22 0:52 / /work/a\\040b/mnt rw,nosuid shared:50 - fuse.netfs netfs ro,user_id=0,group_id=0"));
        assertEquals(List.of("/", "/work/a b/mnt"), points);
    }

    @Test
    void timerWithMeter_recordsTheCallsOfEachTimedRun() throws Exception {
        AtomicLong lookups = new AtomicLong();
        Timer.Meter meter = () -> Map.of("lookup", lookups.addAndGet(7)); // each reading moves the counter on by 7
        TimedCommand c = TimedCommand.of("true", List.of("true"), tmp, Outcome.exitZero());
        Timing t = new Timer(tmp, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), meter).measure(List.of(c), 2).get(0);
        assertEquals(2, t.calls().size());
        assertEquals(List.of(Map.of("lookup", 7L), Map.of("lookup", 7L)), t.calls());
        assertFalse(t.varied("lookup"));
    }

    @Test
    void report_showsCallsPerDirectoryAndPerEntry_andMarksCountsThatVaried() {
        Map<String, Long> find = calls(69, 1034, 1037);
        Map<String, Long> morph = calls(43, 1174, 922);
        Map<String, Long> morphOther = new LinkedHashMap<>(morph);
        morphOther.put("getattr", 923L);
        List<Timing> timings = List.of(
                new Timing("find", "find", List.of(1.6), Outcome.ok(null), List.of(find)),
                new Timing("morph plan", "morph plan", List.of(0.9, 0.8), Outcome.ok(8L), List.of(morph, morphOther)));
        NetFsBench.Result r = new NetFsBench.Result(500, new DryRunBench.Size(5, 20), "build06", 830, 69, 28, 8, 128, 643.2, "-Xmx256m",
                timings);
        String table = NetFsReport.table(r);
        assertTrue(table.contains("830 files in 69 directories"), table);
        assertTrue(table.contains("500 µs per metadata call (643 µs slept on average)"), table);
        String findRow = table.lines().filter(l -> l.startsWith("find (stat floor)")).findFirst().orElseThrow();
        assertTrue(findRow.matches(".* 69 +138 +1,034 +1,037 +0 +1 +1\\.00 +1\\.15 +1\\.15$"), findRow);
        String planRow = table.lines().filter(l -> l.startsWith("morph plan")).findFirst().orElseThrow();
        assertTrue(planRow.matches(".* 0\\.53 +8 +43 .* 0\\.62 +1\\.31 +1\\.03 \\*$"), planRow);
        // lookup, getattr, readlink, opendir, readdir, open, statfs, all of them, whether they varied
        assertEquals(List.of("1174", "923", "0", "43", "86", "0", "0", "2226", "true"), NetFsReport.csvCalls(timings.get(1)));
    }

    private static Map<String, Long> calls(long opendir, long lookup, long getattr) {
        Map<String, Long> m = new LinkedHashMap<>();
        CallCounts.COUNTERS.forEach(c -> m.put(c, 0L));
        m.put("opendir", opendir);
        m.put("readdir", 2 * opendir);
        m.put("lookup", lookup);
        m.put("getattr", getattr);
        m.put("statfs", opendir == 69 ? 1L : 0L);
        return m;
    }

    private static Benchmark parse(String... args) {
        Benchmark b = new Benchmark();
        CommandLine.ParseResult given = new CommandLine(b).parseArgs(args);
        b.applyPresets(given);
        return b;
    }
}
