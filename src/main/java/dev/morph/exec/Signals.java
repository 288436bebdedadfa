package dev.morph.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches SIGINT, SIGTERM and SIGHUP (a dropped ssh session) for the length of a run, so morph can stop
 * its jobs and record the run before it exits, instead of dying in a shutdown hook. Restores the
 * previous handlers on close.
 */
public final class Signals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    public Signals(Consumer<String> onSignal) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal s = new Signal(name);
                previous.add(Signal.handle(s, sig -> onSignal.accept("SIG" + sig.getName())));
                signals.add(s);
            } catch (IllegalArgumentException e) {
                // the platform or the JVM (-Xrs) does not let us handle this signal; its default stays
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
