package dev.morph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Shared by the {@code Cli*Test} classes: the {@link Lab} fixture, the CLI driven in-process through
 * {@link Main#run}, and assertions on what it printed.
 */
final class CliFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliFixture() {
    }


    /**
     * A lab directory holding {@code pipe.yaml} and a data root {@code root/} with three experiments:
     * <ul>
     *   <li>{@code 20250101_one} (scope a): raw image newer than prep's output → prep stale, embed stale upstream;</li>
     *   <li>{@code 20250102_two} (scope a): prep up to date, embed output missing;</li>
     *   <li>{@code 20250103_three} (scope b): prep output missing, embed blocked (meta missing);</li>
     * </ul>
     * and the global {@code combine} missing its output. Plus directories discovery must ignore.
     */
    static final class Lab {
        static final String PIPELINE = """
                name: mini
                experiments:
                  pattern: raw/{scope}/{exp}/
                  ignore: [".*", "_*", "ignore*"]
                params:
                  model: m1
                steps:
                  prep:
                    aliases: [p]
                    inputs:
                      raw: raw/{attr.scope}/{exp}/
                    outputs:
                      out: prep/{exp}.csv
                    command: [tool, prep, "{exp}", "{inputs.raw}", "{outputs.out}"]
                  embed:
                    aliases: [emb]
                    inputs:
                      prep: {from: prep.out}
                      meta: meta/{exp}.txt
                    outputs:
                      emb: embed/{params.model}/{exp}.csv
                    command: [tool, embed, --model, "{params.model}", "{inputs.prep}", "{outputs.emb}"]
                  combine:
                    scope: global
                    inputs:
                      embs: {from: embed}
                    outputs:
                      all: combined/all.csv
                    command: [tool, combine, "{outputs.all}", "{inputs.embs}"]
                """;

        static final String ONE = "20250101_one";
        static final String TWO = "20250102_two";
        static final String THREE = "20250103_three";

        /** 2025-01-{day} {hour}:00 UTC. */
        static Instant at(int day, int hour) {
            return Instant.parse(String.format("2025-01-%02dT%02d:00:00Z", day, hour));
        }

        static void file(Path root, String relative, Instant mtime) {
            try {
                Path p = root.resolve(relative);
                Files.createDirectories(p.getParent());
                Files.writeString(p, relative + "\n", StandardCharsets.UTF_8);
                Files.setLastModifiedTime(p, FileTime.from(mtime));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void text(Path p, String content) {
            try {
                Files.createDirectories(p.getParent());
                Files.writeString(p, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes {@code base/pipe.yaml} and {@code base/root/…}; returns {@code base}. */
        static Path create(Path base) {
            text(base.resolve("pipe.yaml"), PIPELINE);
            Path root = base.resolve("root");
            file(root, "raw/a/" + ONE + "/img.tif", at(5, 10));
            file(root, "raw/a/" + TWO + "/img.tif", at(1, 9));
            file(root, "raw/b/" + THREE + "/img.tif", at(1, 10));
            file(root, "raw/a/.hidden/img.tif", at(1, 10));
            file(root, "raw/a/_scratch/img.tif", at(1, 10));
            file(root, "raw/b/IGNORE_old/img.tif", at(1, 10));
            file(root, "meta/" + ONE + ".txt", at(1, 10));
            file(root, "meta/" + TWO + ".txt", at(1, 10));
            file(root, "prep/" + ONE + ".csv", at(2, 10));
            file(root, "prep/" + TWO + ".csv", at(2, 10));
            file(root, "embed/m1/" + ONE + ".csv", at(3, 10));
            try {
                Files.createDirectories(root.resolve("combined"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return base;
        }
    }

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }

        List<String> outLines() {
            return List.of(out.split("\\R"));
        }
    }

    static CliEnvironment env(Path cwd) {
        return env(cwd, Map.of(), false);
    }

    static CliEnvironment env(Path cwd, Map<String, String> vars, boolean terminal) {
        return new CliEnvironment(vars, cwd, terminal, ZoneId.of("UTC"));
    }

    static Result run(CliEnvironment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            int code = Main.run(environment, o, e, args);
            o.flush();
            e.flush();
            return new Result(code, out.toString(), err.toString());
        }
    }

    /** The absolute data root of the lab created in {@code tmp}. */
    static String root(Path tmp) {
        return tmp.resolve("root").toAbsolutePath().normalize().toString();
    }

    /** Creates the lab in {@code tmp} and runs there with {@code -p pipe.yaml -r root} before the given arguments. */
    static Result morph(Path tmp, String... args) {
        return morphIn(env(Lab.create(tmp)), args);
    }

    /** Runs in {@code environment}'s directory with {@code -p pipe.yaml -r root} before the given arguments. */
    static Result morphIn(CliEnvironment environment, String... args) {
        List<String> all = new ArrayList<>(List.of("-p", "pipe.yaml", "-r", "root"));
        all.addAll(List.of(args));
        return run(environment, all.toArray(String[]::new));
    }

    static Result ok(Result r) {
        assertEquals(0, r.code(), () -> "exit code; err:\n" + r.err() + "\nout:\n" + r.out());
        assertEquals("", r.err(), "nothing on stderr");
        return r;
    }

    static JsonNode json(Result r) {
        try {
            return JSON.readTree(ok(r).out());
        } catch (IOException e) {
            throw new AssertionError("not JSON:\n" + r.out(), e);
        }
    }

    static void assertNoStackTrace(String err) {
        assertFalse(err.contains("\tat "), () -> "stack trace without --verbose:\n" + err);
        assertFalse(err.contains("Exception"), () -> "exception class name without --verbose:\n" + err);
    }

    /** Exit 2, nothing on stdout, exactly one {@code morph: error:} line holding every fragment, no stack trace. */
    static String assertUsageError(Result r, String... fragments) {
        assertEquals(2, r.code(), () -> "exit code; err:\n" + r.err());
        assertEquals(1, r.errLines().size(), () -> "exactly one line on stderr, got:\n" + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("morph: error: "), line);
        for (String f : fragments) {
            assertTrue(line.contains(f), () -> "'" + f + "' missing from: " + line);
        }
        assertNoStackTrace(r.err());
        assertEquals("", r.out().strip(), "nothing on stdout for an error");
        return line;
    }

    static boolean hasLine(Result r, String regex) {
        Pattern p = Pattern.compile(regex);
        return r.outLines().stream().anyMatch(l -> p.matcher(l).matches());
    }

    static void assertLine(Result r, String regex) {
        assertTrue(hasLine(r, regex), () -> "no line matching /" + regex + "/ in:\n" + r.out());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
