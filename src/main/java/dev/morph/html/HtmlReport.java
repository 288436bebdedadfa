package dev.morph.html;

import dev.morph.app.Cell;
import dev.morph.app.ReportService;
import dev.morph.app.StatusService;
import dev.morph.app.StatusView;
import dev.morph.pipeline.Step;
import dev.morph.plan.JobPlan;
import dev.morph.report.GraphFormat;
import dev.morph.report.Json;
import dev.morph.text.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one self-contained HTML page: style, script, data and the step graph inlined, and a
 * content security policy that forbids the page any request, so it opens offline from a shared drive or
 * an e-mail. {@code morph serve} serves the same page with {@code live} settings: the script then asks
 * the server (by relative URLs) for fresh data.
 */
public final class HtmlReport {
    /** The states from least to most urgent: a step shows the most urgent of its jobs'. */
    private static final List<Cell> URGENCY = List.of(Cell.NOT_APPLICABLE, Cell.UP_TO_DATE, Cell.MISSING, Cell.STALE,
            Cell.RUNNING, Cell.BLOCKED, Cell.FAILED);
    private static final String STATIC_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
    private static final String LIVE_POLICY = STATIC_POLICY + "; connect-src 'self'";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private final Zone zone;

    public HtmlReport(Zone zone) {
        this.zone = zone;
    }

    /** The static report. */
    public String page(ReportService.Report report, long nowMs) throws IOException {
        return page(report.status().workspace().pipeline().name(), data(report, nowMs), stepGraph(report), false);
    }

    /** The page for {@code data} and the step graph's SVG; a {@code live} page may ask its server (same origin) for fresh data. */
    public String page(String pipelineName, Map<String, Object> data, String graph, boolean live) {
        Map<String, String> parts = Map.of("policy", policy(live),
                "title", Html.escape("morph report: " + pipelineName), "style", resource("report.css"), "graph", graph,
                "script", resource("report.js"), "data", Html.scriptJson(Json.compact(data)));
        // one pass over the template: nothing inserted is searched for placeholders again
        Matcher m = PLACEHOLDER.matcher(resource("report.html"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(parts.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The content security policy of a page: a static one may make no request at all. */
    public static String policy(boolean live) {
        return live ? LIVE_POLICY : STATIC_POLICY;
    }

    /** The data the page's script renders (also what {@code serve} sends when it changes). */
    public Map<String, Object> data(ReportService.Report report, long nowMs) {
        return new LinkedHashMap<>(new ReportJson(zone).tree(report, nowMs));
    }

    /** The step graph laid out by Graphviz, or a note saying how to get it. */
    public static String stepGraph(ReportService.Report report) throws IOException {
        return stepPicture(report.status())
                .orElse("<p class=\"note\">Install Graphviz (<code>dot</code>, Debian package <code>graphviz</code>) to see the step graph here.</p>");
    }

    /** The step graph as SVG, each step coloured by its jobs' most urgent state and labelled with their counts; empty without Graphviz. */
    public static Optional<String> stepPicture(StatusService.Status status) throws IOException {
        var pipeline = status.workspace().pipeline();
        return Graphviz.svg(GraphFormat.steps(pipeline, step -> stepState(status, step), step -> label(status.view(), step)).dot(pipeline.name()));
    }

    /** A per-experiment step's name over its jobs' counts by state ({@code 4 ✓  1 ~  1 ✗}); a global step's name. */
    static String label(StatusView view, String step) {
        Map<Cell, Integer> counts = view.counts().get(step);
        if (counts == null || counts.isEmpty()) {
            return step;
        }
        StringBuilder out = new StringBuilder(step).append("\n");
        URGENCY.stream().filter(counts::containsKey).forEach(c -> out.append(counts.get(c)).append(' ').append(c.unicode()).append("  "));
        return out.toString().strip();
    }

    /** A step's aggregate state: the most urgent state among its jobs (empty when none is planned). */
    public static Optional<Cell> stepState(StatusService.Status status, String step) {
        StatusView view = status.view();
        List<JobPlan> jobs = status.plan().jobs();
        Optional<Cell> fromRows = view.rows().stream().map(r -> r.cells().get(step)).filter(Objects::nonNull)
                .max(Comparator.comparing(URGENCY::indexOf));
        if (fromRows.isPresent() || view.columns().stream().map(Step::name).anyMatch(step::equals)) {
            return fromRows;
        }
        return jobs.stream().filter(j -> j.id().isGlobal() && j.id().step().equals(step)).map(view::globalCell)
                .max(Comparator.comparing(URGENCY::indexOf));
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
