package dev.morph.launcher;

import dev.morph.cli.Main;

/**
 * The process entry point of the shipped executable ({@code src/main/sh/morph-stub.sh} starts it): runs
 * one command through the CLI with this process's environment, then keeps the class-data archive fresh
 * for the next start ({@link ClassArchive#keepFresh}) and exits with the command's code.
 */
public final class Morph {
    private Morph() {
    }

    public static void main(String[] args) {
        int code = Main.runInThisProcess(args);
        ClassArchive.keepFresh();
        System.exit(code);
    }
}
