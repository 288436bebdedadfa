package dev.morph.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values cannot inject shell code: hostile experiment names, attributes and {@code --param} values,
 * substituted into a shell-string command as a plain word, inside {@code '…'} and inside {@code "…"},
 * reach the command as exactly their text, and nothing they spell runs. Placeholders where morph cannot
 * quote a value are refused when the pipeline loads, with file:line and a safe spelling; folder names
 * morph cannot represent are skipped, and said so.
 */
class PlaceholderInjectionTest {
    /** Hostile texts that can be folder names (no '/', no line break). */
    private static final List<String> NAMES = List.of("$(touch pwned)", "`touch pwned`", "a\"b", "a'b", "a;touch pwned", "a|touch pwned",
            "a\tb", "a\\b", "-n", "*", "~", "ü日本語🐟", "$HOME", "${x:-y}", "a b", "a&touch pwned&", "'\"'\"", "\\\"$(touch pwned)\\\"");
    private static final String STEPS = """
            word:
              inputs: {data: "raw/{attr.kind}/{exp}/"}
              outputs: {out: "out/{exp}.word"}
              params: {p: "default"}
              command: "printf '%s|%s|%s' {exp} {attr.kind} {params.p} > {outputs.out}"
            single:
              inputs: {data: "raw/{attr.kind}/{exp}/"}
              outputs: {out: "out/{exp}.single"}
              params: {p: "default"}
              command: "printf '%s|%s|%s' 'x{exp}' 'x{attr.kind}' 'x{params.p}' > {outputs.out}"
            double:
              inputs: {data: "raw/{attr.kind}/{exp}/"}
              outputs: {out: "out/{exp}.double"}
              params: {p: "default"}
              command: "printf '%s|%s|%s' \\"x{exp}\\" \\"x{attr.kind}\\" \\"x{params.p}\\" > {outputs.out}"
            """;

    @TempDir
    Path tmp;

    @Test
    void hostileNamesAttributesAndParams_reachTheCommandVerbatim_inEveryContext() throws IOException {
        RunFixture f = new RunFixture(tmp, "experiments:\n  pattern: raw/{kind}/{exp}/\nsteps:\n" + STEPS.indent(2));
        for (int i = 0; i < NAMES.size(); i++) {
            f.file("raw/" + NAMES.get((i + 1) % NAMES.size()) + "/" + NAMES.get(i) + "/data.txt", "x");
        }
        RunFixture.Result run = f.morph("run", "--param", "p=plain");
        assertEquals(0, run.exitCode(), run::toString);
        for (int i = 0; i < NAMES.size(); i++) {
            String exp = NAMES.get(i);
            String kind = NAMES.get((i + 1) % NAMES.size());
            assertEquals(exp + "|" + kind + "|plain", f.read("out/" + exp + ".word"), "word: " + exp);
            assertEquals("x" + exp + "|x" + kind + "|xplain", f.read("out/" + exp + ".single"), "single: " + exp);
            assertEquals("x" + exp + "|x" + kind + "|xplain", f.read("out/" + exp + ".double"), "double: " + exp);
        }
        List<String> values = new ArrayList<>(NAMES);
        values.addAll(List.of("a\nb", "", "line\n$(touch pwned)\n"));
        String one = "ü日本語🐟";
        String itsKind = NAMES.get((NAMES.indexOf(one) + 1) % NAMES.size());
        for (String value : values) {
            RunFixture.Result r = f.morph("run", "--force", "-e", one, "--param", "p=" + value);
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(one + "|" + itsKind + "|" + value, f.read("out/" + one + ".word"), "--param in a word: " + value);
            assertEquals("x" + one + "|x" + itsKind + "|x" + value, f.read("out/" + one + ".single"), "--param in '…': " + value);
            assertEquals("x" + one + "|x" + itsKind + "|x" + value, f.read("out/" + one + ".double"), "--param in \"…\": " + value);
        }
        try (Stream<Path> all = Files.walk(tmp)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().equals("pwned")).toList(), "a value ran as code");
        }
    }

    @Test
    void placeholdersWhereNoQuotingIsSafe_areRefusedAtLoad_withFileLineAndASafeSpelling() {
        for (String command : List.of("echo `cat {exp}`", "echo ${{x:-{exp}}}", "echo $(( {params.p} + 1 ))", "echo $'{exp}'",
                "true # {exp}", "cat <<EOF\\n{exp}\\nEOF")) {
            RunFixture f = new RunFixture(tmp.resolve(Integer.toString(command.hashCode())), RunFixture.pipeline("""
                    work:
                      inputs: {data: "raw/{exp}/"}
                      outputs: {out: "out/{exp}.txt"}
                      params: {p: "1"}
                      command: "%s"
                    """.formatted(command.replace("\"", "\\\""))));
            f.experiment("a");
            RunFixture.Result r = f.morph("plan");
            assertEquals(2, r.exitCode(), () -> command + "\n" + r);
            assertTrue(r.err().contains("pipeline.yaml:8") && r.err().contains("could run as shell code") && r.err().contains("\"$v\""),
                    () -> command + "\n" + r);
        }
    }

    @Test
    void folderNamesMorphCannotRepresent_areSkippedWithTheirReason() throws IOException {
        RunFixture f = new RunFixture(tmp, RunFixture.pipeline(RunFixture.workStep("echo {exp} > {outputs.out}")));
        f.experiment("fine");
        Files.createDirectories(f.root.resolve("raw/two\nlines"));
        RunFixture.Result status = f.morph("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("raw/two\\nlines") && status.out().contains("line break"), status::toString);
        assertEquals(1, status.out().split("line break", -1).length - 1, () -> "reported once\n" + status);
    }
}
