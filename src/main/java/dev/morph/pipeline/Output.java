package dev.morph.pipeline;

/** A named output of a step: what the step's command writes. */
public record Output(String name, PathSpec spec, Location where) {
}
