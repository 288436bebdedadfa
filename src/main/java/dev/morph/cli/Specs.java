package dev.morph.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Builds picocli's command model with its programmatic API rather than from annotations. Reading
 * annotations means reflection over every field and method and a dynamic proxy per annotation type,
 * which was the largest single part of a short command's run time. Values stay in picocli's own
 * bindings; the commands read them back from the {@link ArgSpec}s these methods return.
 */
final class Specs {
    private Specs() {
    }

    /** A command whose {@link java.util.concurrent.Callable} is {@code command}, with {@code -h} and {@code -V}. */
    static CommandSpec command(String name, Object command, String description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name).versionProvider(new MorphCommand.Version());
        spec.usageMessage().description(description);
        // no ${...} variables in morph's texts: skip picocli looking for them in every name and text
        spec.interpolateVariables(false);
        // what mixinStandardHelpOptions adds, without the reflective mixin it is made from
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
        HelpText.apply(spec);
        return spec;
    }

    /** A flag: an option without a value, false unless given. */
    static OptionSpec flag(CommandSpec spec, String description, String... names) {
        return add(spec, OptionSpec.builder(names).type(boolean.class).initialValue(false).description(description));
    }

    /** An option with one value of {@code type}, null unless given or defaulted. */
    static OptionSpec option(CommandSpec spec, Class<?> type, String label, String description, String... names) {
        return add(spec, OptionSpec.builder(names).type(type).paramLabel(label).description(description));
    }

    /** {@code --format}: one of {@code formats}' constants, {@code byDefault} unless given. */
    static <E extends Enum<E>> OptionSpec format(CommandSpec spec, Class<E> formats, E byDefault) {
        String label = Arrays.stream(formats.getEnumConstants()).map(Enum::name).collect(Collectors.joining("|"));
        return add(spec, OptionSpec.builder("--format").type(formats).defaultValue(byDefault.name()).paramLabel(label)
                .description("Output format (default: " + byDefault.name() + ")."));
    }

    /** An option that may be repeated and takes comma-separated values; an empty list unless given. */
    static OptionSpec list(CommandSpec spec, String label, String description, String... names) {
        return add(spec, OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).splitRegex(",")
                .paramLabel(label).description(description));
    }

    /** Adds the option built by {@code option} to {@code spec}; returns it, for reading its value. */
    static OptionSpec add(CommandSpec spec, OptionSpec.Builder option) {
        OptionSpec built = option.build();
        spec.addOption(built);
        return built;
    }

    /** Adds a positional parameter; returns it, for reading its value. */
    static PositionalParamSpec add(CommandSpec spec, PositionalParamSpec.Builder parameter) {
        PositionalParamSpec built = parameter.build();
        spec.addPositional(built);
        return built;
    }

    static boolean isSet(OptionSpec flag) {
        return Boolean.TRUE.equals(flag.getValue());
    }

    /** The value of a repeatable option or parameter; empty when not given. */
    static List<String> strings(ArgSpec arg) {
        List<String> value = arg.getValue();
        return value == null ? List.of() : value;
    }

    /** The value of a {@code NAME=VALUE} option; empty when not given. */
    static Map<String, String> pairs(ArgSpec arg) {
        Map<String, String> value = arg.getValue();
        return value == null ? Map.of() : value;
    }
}
