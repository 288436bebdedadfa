package dev.morph.cli;

import dev.morph.app.TouchService;
import dev.morph.report.TouchText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code morph touch}: mark the outputs of the stale jobs up to date without running them. */
public final class TouchCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final TargetOptions targets;
    private final SelectionOptions selection;
    private final OptionSpec dryRun;

    TouchCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("touch", this, "Mark the outputs of the jobs a run would start as up to date, without running them "
                + "(after a copy that lost the files' times).");
        targets = new TargetOptions(spec, root);
        selection = new SelectionOptions(spec, root);
        dryRun = Specs.flag(spec, "Say which jobs would be marked and change nothing.", "-n", "--dry-run");
    }

    @Override
    public Integer call() {
        var touched = new TouchService(root.project()).touch(targets.invocation(selection.experiments()), Specs.isSet(dryRun));
        new TouchText(root.style()).print(touched, Specs.isSet(dryRun), spec.commandLine().getOut());
        return 0;
    }
}
