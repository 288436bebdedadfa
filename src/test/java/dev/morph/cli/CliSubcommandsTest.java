package dev.morph.cli;

import static dev.morph.cli.CliFixture.env;
import static dev.morph.cli.CliFixture.ok;
import static dev.morph.cli.CliFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morph.cli.CliFixture.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command line builds only the subcommand its arguments name; that must never change what the user
 * sees: the same names as the models, the same help, the full list (and suggestions) otherwise.
 */
class CliSubcommandsTest {
    @TempDir
    Path tmp;

    @Test
    void subcommandNames_matchTheirModels() {
        MorphCommand root = new MorphCommand(env(tmp));
        for (String name : MorphCommand.SUBCOMMANDS) {
            assertEquals(name, root.subcommand(name).name());
        }
    }

    @Test
    void subcommandsFor_theNamedCommand_skippingOptionValues() {
        assertEquals(List.of("status"), List.copyOf(MorphCommand.subcommandsFor("-p", "x.yaml", "status", "--all")));
        assertEquals(List.of("plan"), List.copyOf(MorphCommand.subcommandsFor("--data-root", "status", "plan")));
        assertEquals(List.of("run"), List.copyOf(MorphCommand.subcommandsFor("--pipeline=run.yaml", "--verbose", "run")));
        assertEquals(List.of("runs"), List.copyOf(MorphCommand.subcommandsFor("runs", "show", "r1")));
    }

    @Test
    void subcommandsFor_noOrUnknownCommand_buildsAll() {
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"statsu"}, new String[] {"-p", "status"},
                new String[] {"--", "status"}, new String[] {"@args.txt"})) {
            assertEquals(MorphCommand.SUBCOMMANDS, List.copyOf(MorphCommand.subcommandsFor(args)), String.join(" ", args));
        }
    }

    @Test
    void aCommandBuiltAlone_hasTheSameHelpAsBuiltWithTheOthers() {
        for (String name : MorphCommand.SUBCOMMANDS) {
            CommandLine alone = Main.commandLine(new MorphCommand(env(tmp)), name).getSubcommands().get(name);
            CommandLine withAll = Main.commandLine(new MorphCommand(env(tmp))).getSubcommands().get(name);
            assertEquals(withAll.getUsageMessage(CommandLine.Help.Ansi.OFF), alone.getUsageMessage(CommandLine.Help.Ansi.OFF), name);
        }
    }

    @Test
    void rootHelp_listsEveryCommand() {
        Result r = ok(run(env(tmp), "--help"));

        for (String command : MorphCommand.SUBCOMMANDS) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(command + " ")), command + " missing from:\n" + r.out());
        }
    }

    @Test
    void misspelledCommand_isAnsweredWithSuggestions() {
        Result r = run(env(tmp), "-p", "x.yaml", "statsu");

        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("'status'"), r::toString);
    }

    @Test
    void globalOptions_workBeforeAndAfterTheCommand() {
        CliFixture.Lab.create(tmp);
        Result before = ok(run(env(tmp), "-p", "pipe.yaml", "-r", "root", "--no-color", "status", "--format", "json"));
        Result after = ok(run(env(tmp), "status", "--format", "json", "-p", "pipe.yaml", "--no-color", "-r", "root"));
        Result mixed = ok(run(env(tmp), "-p", "pipe.yaml", "status", "-r", "root", "--format", "json"));

        assertEquals(before.out(), after.out());
        assertEquals(before.out(), mixed.out());
        assertTrue(before.out().contains(CliFixture.Lab.ONE), before.out());
    }

    @Test
    void repeatedListOptions_accumulate() throws Exception {
        CliFixture.Lab.create(tmp);
        Result repeated = ok(run(env(tmp), "-p", "pipe.yaml", "-r", "root", "status", "--format", "json",
                "-e", CliFixture.Lab.ONE, "--experiments", CliFixture.Lab.TWO));
        Result commas = ok(run(env(tmp), "-p", "pipe.yaml", "-r", "root", "status", "--format", "json",
                "-e", CliFixture.Lab.ONE + "," + CliFixture.Lab.TWO));

        assertEquals(commas.out(), repeated.out());
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(repeated.out()).get("experiments").forEach(e -> names.add(e.get("name").asText()));
        assertEquals(List.of(CliFixture.Lab.ONE, CliFixture.Lab.TWO), names);
    }
}
