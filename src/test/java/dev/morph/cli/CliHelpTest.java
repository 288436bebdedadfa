package dev.morph.cli;

import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.ok;
import static dev.morph.cli.CliFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morph.cli.CliFixture.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --help} and {@code --version}, on their own and after every command; no command prints usage.
 */
class CliHelpTest {
    @TempDir
    Path tmp;

    @Test
    void version_printsVersionAndExits0() {
        Result r = ok(run(env(tmp), "--version"));

        // the build's version (filled into version.txt), not a placeholder
        assertTrue(r.out().matches("morph \\d+\\.\\d+\\.\\d+\\S*\\R"), r.out());
    }

    @Test
    void help_listsCommandsAndExits0() {
        Result r = ok(run(env(tmp), "--help"));

        assertTrue(r.out().contains("Usage: morph"), r.out());
        for (String command : List.of("status", "plan", "graph")) {
            assertTrue(r.out().contains(command), command + " missing from:\n" + r.out());
        }
    }

    @Test
    void noCommand_printsUsage() {
        Result r = run(env(tmp));

        assertTrue(r.out().contains("Usage: morph") || r.err().contains("Usage: morph"), r.out() + r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan", "graph"})
    void help_everyCommand_showsGlobalOptionsAndExits0(String command) {
        Result r = ok(run(env(tmp), command, "--help"));

        assertTrue(r.out().contains("Usage: morph " + command), r.out());
        for (String option : List.of("--pipeline", "--data-root", "--no-color", "--verbose", "--help", "--version")) {
            assertTrue(r.out().contains(option), option + " missing from:\n" + r.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "plan", "graph"})
    void version_afterACommand_printsTheVersion(String command) {
        // Every command's --help lists -V/--version, so it must print the version there too.
        Result r = ok(run(env(tmp), command, "--version"));

        assertTrue(r.out().startsWith("morph "), "'morph " + command + " --version' printed [" + r.out() + "]");
    }

    @Test
    void help_groupedWithExamples_globalOptionsNamedOnce() {
        Result r = ok(run(env(tmp), "run", "--help"));

        for (String heading : List.of("What to plan:", "Which experiments:", "Execution:", "Cluster:", "Examples:")) {
            assertTrue(r.outLines().contains(heading), heading + " missing from:\n" + r.out());
        }
        assertTrue(r.out().indexOf("--max-submitted") > r.out().indexOf("Cluster:"), r.out());
        assertEquals(1, r.outLines().stream().filter(l -> l.contains("--pipeline")).count(), "global options on one line:\n" + r.out());
        assertTrue(r.out().contains("Usage: morph run [OPTIONS] [TARGET...]"), r.out());
    }

    @Test
    void helpCommand_sameAsDashDashHelp_andUnknownCommandSuggests() {
        assertEquals(ok(run(env(tmp), "logs", "--help")).out(), ok(run(env(tmp), "help", "logs")).out());
        assertEquals(ok(run(env(tmp), "--help")).out(), ok(run(env(tmp), "help")).out());
        CliFixture.assertUsageError(run(env(tmp), "help", "stauts"), "no command 'stauts'", "did you mean 'status'");
    }

    @Test
    void completion_bashAndZsh_coverCommandsOptionsStepsAndExperiments() {
        Result bash = ok(CliFixture.morph(tmp, "completion", "bash"));
        for (String word : List.of("status", "touch", "--experiments", "--force-step", "prep", "emb", "combine", CliFixture.Lab.ONE)) {
            assertTrue(bash.out().contains(word), word + " missing from the script");
        }
        assertTrue(ok(CliFixture.morph(tmp, "completion", "zsh")).out().contains("bashcompinit"), "zsh runs it through bashcompinit");
        CliFixture.assertUsageError(CliFixture.morph(tmp, "completion", "fish"), "no completion for 'fish'");
    }
}
