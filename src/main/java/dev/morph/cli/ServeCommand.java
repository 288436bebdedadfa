package dev.morph.cli;

import dev.morph.MorphException;
import dev.morph.html.Dashboard;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code morph serve}: the report, live, in a browser; on loopback unless {@code --bind} says otherwise. Stops with Ctrl-C. */
public final class ServeCommand implements Callable<Integer> {
    private final MorphCommand root;
    final CommandSpec spec;
    private final TargetOptions targets;
    private final SelectionOptions selection;
    private final OptionSpec bind;
    private final OptionSpec port;

    ServeCommand(MorphCommand root) {
        this.root = root;
        spec = Specs.command("serve", this, "Serve the report live (matrix, run progress, logs, runs) on http://127.0.0.1; a run can be"
                + " stopped from the page with the token printed here. Changes nothing else.");
        targets = new TargetOptions(spec, root);
        selection = new SelectionOptions(spec, root);
        bind = Specs.option(spec, String.class, "ADDR", "Listen on this address instead of loopback (then every page needs the token).",
                "--bind");
        port = Specs.option(spec, Integer.class, "PORT", "Listen on this port (default: a free one).", "--port");
    }

    @Override
    public Integer call() throws Exception {
        InetAddress address;
        try {
            address = bind.getValue() == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(bind.getValue());
        } catch (UnknownHostException e) {
            throw MorphException.usage("--bind '" + bind.getValue() + "' is not an address of this machine");
        }
        int p = port.getValue() == null ? 0 : (Integer) port.getValue();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Dashboard d = Dashboard.start(root.project(), targets.invocation(selection.experiments()), address, p, root.style().zone(),
                ReportCommand.RUNS, w -> root.warnings(List.of(w)))) {
            out.println("morph serve: " + d.url());
            out.println("stop token (the page asks for it to stop a run): " + d.token());
            out.println("Ctrl-C stops serving.");
            out.flush();
            err.flush();
            new CountDownLatch(1).await(); // serves until the JVM is interrupted
        }
        return 0;
    }
}
