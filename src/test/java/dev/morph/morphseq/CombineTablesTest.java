package dev.morph.morphseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code pipelines/bin/combine-tables.sh}, the program of the cohort steps (and of the demo's): the
 * per-experiment tables combined as pandas.concat does, RFC 4180 quoting kept, and nothing written when
 * a table is malformed. Run with the machine's {@code sh} and {@code awk}, as morph runs it.
 */
class CombineTablesTest {
    private static final Path PROGRAM = Path.of("pipelines/bin/combine-tables.sh").toAbsolutePath();

    @TempDir
    Path tmp;

    private record Result(int exit, String out, String err) {
    }

    private Result combine(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", PROGRAM.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(tmp.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp.")).toList();
        }
    }

    @Test
    void combine_tablesWithDifferentColumns_unionsThemInFirstSeenOrder() throws Exception {
        write("a.csv", "snip_id,experiment_date,area\r\ns1,e1,10\r\ns2,e1,\"1,5\"\r\n");
        write("b.csv", "snip_id,note,experiment_date\ns3,\"say \"\"hi\"\"\nsecond line\",e2\n\ns4,,e2\n");
        write("c.csv", "area,extra\n");

        Result r = combine("out/all.csv", "a.csv", "b.csv", "c.csv");

        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                snip_id,experiment_date,area,note,extra
                s1,e1,10,,
                s2,e1,"1,5",,
                s3,e2,,"say ""hi""
                second line",
                s4,e2,,,
                """, Files.readString(tmp.resolve("out/all.csv")));
        assertEquals("combine-tables: 4 rows, 5 columns from 3 tables\n", r.out());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void combine_noTables_writesAnEmptyFile() throws Exception {
        Result r = combine("empty.csv");

        assertEquals(0, r.exit(), r.err());
        assertEquals("", Files.readString(tmp.resolve("empty.csv")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'a,b\n1,2,3\n'        | bad.csv: record 2 has 3 fields, its header 2",
        "'a,b\n1\n'            | bad.csv: record 2 has 1 fields, its header 2",
        "'a,a\n1,2\n'          | bad.csv: column \"a\" appears twice in the header",
        "'a,\"b\n1,2\n'        | bad.csv: a quoted field is not closed at the end of the file",
        "''                    | bad.csv: empty file, expected a header line"})
    void combine_malformedTable_failsNamingItAndLeavesTheOldOutput(String table, String message) throws Exception {
        write("good.csv", "a,b\n1,2\n");
        write("bad.csv", table);
        write("out.csv", "the previous cohort table\n");

        Result r = combine("out.csv", "good.csv", "bad.csv");

        assertEquals(1, r.exit(), r.out());
        assertEquals("combine-tables: error: " + message + "\n", r.err());
        assertEquals("the previous cohort table\n", Files.readString(tmp.resolve("out.csv")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void combine_missingTable_failsBeforeWriting() throws Exception {
        Result r = combine("out.csv", "nowhere.csv");

        assertEquals(1, r.exit());
        assertEquals("combine-tables: error: missing table: nowhere.csv\n", r.err());
        assertFalse(Files.exists(tmp.resolve("out.csv")));
    }

    @Test
    void combine_withoutArguments_printsUsage() throws Exception {
        Result r = combine();

        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("usage: sh bin/combine-tables.sh OUT_CSV [TABLE_CSV ...]"), r.err());
    }
}
