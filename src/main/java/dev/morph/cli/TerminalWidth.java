package dev.morph.cli;

import java.util.function.IntSupplier;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * The width of the terminal standard output is, asked again at every redraw so a live display follows a
 * resize: JLine's native provider (an ioctl), else its {@code stty} one; 0 when neither can tell.
 */
final class TerminalWidth implements IntSupplier {
    private final TerminalProvider provider;

    private TerminalWidth(TerminalProvider provider) {
        this.provider = provider;
    }

    static IntSupplier system() {
        for (String name : new String[] {"jni", "exec"}) {
            try {
                TerminalProvider p = TerminalProvider.load(name);
                if (p.isSystemStream(SystemStream.Output)) {
                    return new TerminalWidth(p);
                }
            } catch (Exception | LinkageError e) {
                // not available on this platform: try the next provider
            }
        }
        return () -> 0;
    }

    @Override
    public int getAsInt() {
        try {
            return provider.systemStreamWidth(SystemStream.Output);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
