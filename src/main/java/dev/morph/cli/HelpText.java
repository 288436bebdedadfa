package dev.morph.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How {@code --help} reads: a short synopsis, options grouped under headings (what to plan, which
 * experiments, execution, cluster, output), the global options named once rather than repeated in
 * every command, and a few examples per command.
 */
final class HelpText {
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();
    private static final List<String> ORDER = List.of("What to plan", "Which experiments", "Execution", "Cluster", "Output", "Options");

    static {
        for (String o : List.of("--only", "--force", "--force-step", "--param", "--rerun-triggers")) {
            GROUPS.put(o, "What to plan");
        }
        for (String o : List.of("--experiments", "--later-than", "--earlier-than")) {
            GROUPS.put(o, "Which experiments");
        }
        for (String o : List.of("--jobs", "--resources", "--fail-fast", "--retries", "--timeout", "--kill-grace", "--run-id", "--dry-run",
                "--resume", "--executor")) {
            GROUPS.put(o, "Execution");
        }
        for (String o : List.of("--max-submitted", "--submit-rate", "--poll-interval", "--latency-wait")) {
            GROUPS.put(o, "Cluster");
        }
        for (String o : List.of("--format", "--all", "--why", "--explain", "--follow", "--limit", "graph --jobs")) {
            GROUPS.put(o, "Output");
        }
    }

    private static final Map<String, List<String>> EXAMPLES = Map.of(
            "status", List.of("morph status", "morph status -e 20250529_30hpf_ctrl      # and why each cell is what it is",
                    "morph status build03 --format json"),
            "plan", List.of("morph plan", "morph plan build03 -e 20250529_30hpf_ctrl --explain", "morph plan --param model=20250101_x"),
            "run", List.of("morph run -j 4", "morph run build03 --experiments 20250529_30hpf_ctrl,20250601_48hpf_wt",
                    "morph run --resume last"),
            "touch", List.of("morph touch --dry-run", "morph touch build01 -e 20250529_30hpf_ctrl"),
            "runs", List.of("morph runs", "morph runs show last"),
            "logs", List.of("morph logs last", "morph logs last sam2/20250529_30hpf_ctrl -f", "morph logs last sam2"),
            "graph", List.of("morph graph | dot -Tsvg > steps.svg", "morph graph build03 --jobs --format mermaid"),
            "completion", List.of("eval \"$(morph completion bash)\"      # in ~/.bashrc", "eval \"$(morph completion zsh)\"       # in ~/.zshrc"));

    private HelpText() {
    }

    /** Sets {@code spec}'s help up this way (for the root, its own options are the global ones and are listed). */
    static void apply(CommandSpec spec) {
        spec.usageMessage().abbreviateSynopsis(true);
        spec.usageMessage().sectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        spec.usageMessage().sectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpText::options);
        List<String> examples = EXAMPLES.get(spec.name());
        if (examples != null) {
            List<String> footer = new ArrayList<>(List.of("", "Examples:"));
            examples.forEach(e -> footer.add("  " + e));
            spec.usageMessage().footer(footer.toArray(String[]::new));
        }
    }

    private static String options(CommandLine.Help help) {
        if (help.commandSpec().parent() == null) {
            CommandLine.Help.Layout layout = help.createDefaultLayout();
            help.commandSpec().options().stream().filter(o -> !o.hidden())
                    .forEach(o -> layout.addOption(o, help.createDefaultParamLabelRenderer()));
            return String.format("%nGlobal options (every command takes them):%n") + layout;
        }
        Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
        ORDER.forEach(g -> groups.put(g, new ArrayList<>()));
        List<String> global = new ArrayList<>();
        for (OptionSpec o : help.commandSpec().options()) {
            if (o.hidden()) {
                continue;
            }
            if (o.inherited() || o.usageHelp() || o.versionHelp()) {
                global.add(o.longestName() + (o.arity().max() > 0 ? " " + o.paramLabel() : ""));
                continue;
            }
            String group = GROUPS.getOrDefault(help.commandSpec().name() + " " + o.longestName(), GROUPS.getOrDefault(o.longestName(), "Options"));
            groups.get(group).add(o);
        }
        StringBuilder out = new StringBuilder();
        groups.forEach((name, options) -> {
            if (options.isEmpty()) {
                return;
            }
            CommandLine.Help.Layout layout = help.createDefaultLayout();
            options.forEach(o -> layout.addOption(o, help.createDefaultParamLabelRenderer()));
            out.append(String.format("%n%s:%n", name)).append(layout);
        });
        out.append(String.format("%nGlobal options (see 'morph --help'): %s%n", String.join(", ", global)));
        return out.toString();
    }
}
