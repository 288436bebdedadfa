package dev.morph.cli;

import dev.morph.MorphException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code morph completion bash|zsh}: a completion script (picocli's, which zsh runs through
 * {@code bashcompinit}) for commands and options, and the step and experiment names of the pipeline and
 * data root found when it is made.
 */
public final class CompletionCommand implements Callable<Integer> {
    private static final List<String> SHELLS = List.of("bash", "zsh");

    final CommandSpec spec;
    private final PositionalParamSpec shell;

    CompletionCommand() {
        spec = Specs.command("completion", this, "Print a shell completion script: eval \"$(morph completion bash)\" in ~/.bashrc "
                + "(zsh: ~/.zshrc); step and experiment names are those of the pipeline and data root found now.");
        shell = Specs.add(spec, PositionalParamSpec.builder().arity("1").required(true).type(String.class).paramLabel("SHELL")
                .completionCandidates(SHELLS).description("bash or zsh."));
    }

    @Override
    public Integer call() {
        String name = shell.getValue();
        if (!SHELLS.contains(name)) {
            throw MorphException.usage("no completion for '" + name + "'; morph completes bash and zsh");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("morph", spec.commandLine().getParent()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
