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
}
