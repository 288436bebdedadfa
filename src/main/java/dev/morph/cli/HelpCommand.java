package dev.morph.cli;

import dev.morph.MorphException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code morph help [COMMAND]}: the same text as {@code morph [COMMAND] --help}. */
public final class HelpCommand implements Callable<Integer> {
    final CommandSpec spec;
    private final PositionalParamSpec command;

    HelpCommand() {
        spec = Specs.command("help", this, "Show help for morph or one of its commands.");
        command = Specs.add(spec, PositionalParamSpec.builder().arity("0..1").type(String.class).paramLabel("COMMAND")
                .completionCandidates(MorphCommand.SUBCOMMANDS).description("The command, e.g. run."));
    }

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine().getParent();
        String name = command.getValue();
        if (name == null) {
            root.usage(spec.commandLine().getOut());
            return 0;
        }
        CommandLine sub = root.getSubcommands().get(name);
        if (sub == null) {
            throw MorphException.usage("no command '" + name + "'" + dev.morph.Suggest.didYouMean(name, MorphCommand.SUBCOMMANDS)
                    + "; 'morph help' lists them");
        }
        sub.usage(spec.commandLine().getOut());
        return 0;
    }
}
