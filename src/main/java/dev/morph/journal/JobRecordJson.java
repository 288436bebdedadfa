package dev.morph.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.morph.plan.JobId;
import dev.morph.run.JobReason;
import dev.morph.run.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal record's file format, both ways, with Jackson's streaming API: one flat JSON object,
 * snake_case names in the order {@link #write} gives them, pretty-printed. Data binding would build its
 * (de)serializers by reflection when first called, over 70 ms of a 160 ms {@code status} on the demo root,
 * and every read-only command reads records. Reading takes fields in any order, skips unknown ones
 * (older morphs read newer records), reads a missing or null number as 0 and a missing list or object
 * as null; a value of the wrong kind, an unknown status or reason code, or a record without a step
 * makes the record unreadable.
 */
final class JobRecordJson {
    private static final JsonFactory JSON = new JsonFactory();

    private JobRecordJson() {
    }

    static byte[] write(JobRecord r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("job", r.job().toString());
            g.writeStringField("step", r.job().step());
            g.writeStringField("experiment", r.job().experiment());
            g.writeStringField("status", r.status().toString());
            JobRecord.Attempt a = r.attempt();
            g.writeStringField("run_id", a.runId());
            g.writeStringField("host", a.host());
            g.writeNumberField("pid", a.pid());
            g.writeNumberField("attempt", a.number());
            g.writeNumberField("started_ns", a.startedNs());
            number(g, "ended_ns", r.outcome().endedNs());
            texts(g, "command", r.command().argv());
            texts(g, "command_template", r.command().template());
            g.writeFieldName("params");
            map(g, r.command().params(), g::writeString);
            g.writeNumberField("newest_input_ns", r.inputs().newestNs());
            g.writeStringField("newest_input", r.inputs().newest());
            g.writeFieldName("outputs");
            map(g, r.outcome().outputs(), g::writeNumber);
            texts(g, "experiments", r.inputs().experiments());
            number(g, "exit_code", r.outcome().exitCode() == null ? null : (long) r.outcome().exitCode());
            g.writeStringField("reason_code", r.outcome().reason() == null ? null : r.outcome().reason().toString());
            g.writeStringField("message", r.outcome().message());
            if (r.outcome().usage() != null) {
                Usage u = r.outcome().usage();
                g.writeObjectFieldStart("usage");
                number(g, "wall_ms", u.wallMs());
                number(g, "cpu_ms", u.cpuMs());
                number(g, "peak_bytes", u.peakBytes());
                number(g, "requested_cpus", u.cpus());
                number(g, "requested_mem_bytes", u.memBytes());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    static JobRecord read(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a journal record is a JSON object");
            }
            String step = null;
            String experiment = null;
            String status = null;
            String runId = null;
            String host = null;
            long pid = 0;
            int attempt = 0;
            long startedNs = 0;
            Long endedNs = null;
            List<String> command = null;
            List<String> template = null;
            Map<String, String> params = null;
            long newestInputNs = 0;
            String newestInput = null;
            Map<String, Long> outputs = null;
            List<String> experiments = null;
            Integer exitCode = null;
            String reason = null;
            String message = null;
            Usage usage = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "job" -> text(p); // step and experiment name the job; checked only for its kind
                    case "step" -> step = text(p);
                    case "experiment" -> experiment = text(p);
                    case "status" -> status = text(p);
                    case "run_id" -> runId = text(p);
                    case "host" -> host = text(p);
                    case "pid" -> pid = orZero(number(p));
                    case "attempt" -> attempt = (int) orZero(number(p));
                    case "started_ns" -> startedNs = orZero(number(p));
                    case "ended_ns" -> endedNs = number(p);
                    case "command" -> command = texts(p);
                    case "command_template" -> template = texts(p);
                    case "params" -> params = map(p, JobRecordJson::text);
                    case "newest_input_ns" -> newestInputNs = orZero(number(p));
                    case "newest_input" -> newestInput = text(p);
                    case "outputs" -> outputs = map(p, JobRecordJson::number);
                    case "experiments" -> experiments = texts(p);
                    case "exit_code" -> {
                        Long code = number(p);
                        exitCode = code == null ? null : Math.toIntExact(code);
                    }
                    case "reason_code" -> reason = text(p);
                    case "message" -> message = text(p);
                    case "usage" -> usage = usage(p);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new JsonParseException(p, "unexpected " + p.currentToken() + " in a journal record");
            }
            if (step == null || status == null) {
                throw new JsonParseException(p, "a journal record names its step and status");
            }
            try {
                return new JobRecord(new JobId(step, experiment), new JobRecord.Attempt(runId, host, pid, attempt, startedNs),
                        new JobRecord.Command(command, template, params), new JobRecord.Inputs(newestInputNs, newestInput, experiments),
                        new JobRecord.Outcome(JobStatus.of(status), endedNs, outputs, exitCode, reason == null ? null : JobReason.of(reason),
                                message, usage));
            } catch (IllegalArgumentException e) {
                throw new JsonParseException(p, e.getMessage(), e);
            }
        }
    }

    /** The {@code usage} object (records written before morph measured have none). */
    private static Usage usage(JsonParser p) throws IOException {
        Map<String, Long> v = map(p, JobRecordJson::number);
        return v == null ? null : new Usage(v.get("wall_ms"), v.get("cpu_ms"), v.get("peak_bytes"), v.get("requested_cpus"),
                v.get("requested_mem_bytes"));
    }

    /** Writes one value of a map; the generator's own methods, which throw {@link IOException}. */
    @FunctionalInterface
    private interface ValueWriter<V> {
        void write(V value) throws IOException;
    }

    /** Reads one value at the parser's current token. */
    @FunctionalInterface
    private interface ValueReader<V> {
        V read(JsonParser p) throws IOException;
    }

    private static void number(JsonGenerator g, String field, Long n) throws IOException {
        if (n == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, n);
        }
    }

    private static void texts(JsonGenerator g, String field, List<String> texts) throws IOException {
        g.writeFieldName(field);
        if (texts == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String t : texts) {
            g.writeString(t);
        }
        g.writeEndArray();
    }

    private static <V> void map(JsonGenerator g, Map<String, V> map, ValueWriter<V> value) throws IOException {
        if (map == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        for (Map.Entry<String, V> e : map.entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() == null) {
                g.writeNull();
            } else {
                value.write(e.getValue());
            }
        }
        g.writeEndObject();
    }

    /** A string, or a number or boolean as its text (as data binding, which wrote older records, coerces them); null for null. */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isScalarValue()) {
            return p.getText();
        }
        throw new JsonParseException(p, "expected a text, found " + t);
    }

    private static Long number(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        throw new JsonParseException(p, "expected a whole number, found " + t);
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    /** False at a null; true at {@code start}; anything else makes the record unreadable. */
    private static boolean opens(JsonParser p, JsonToken start, String what) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        if (p.currentToken() != start) {
            throw new JsonParseException(p, "expected " + what + ", found " + p.currentToken());
        }
        return true;
    }

    private static List<String> texts(JsonParser p) throws IOException {
        if (!opens(p, JsonToken.START_ARRAY, "a list")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(text(p));
        }
        return out;
    }

    private static <V> Map<String, V> map(JsonParser p, ValueReader<V> value) throws IOException {
        if (!opens(p, JsonToken.START_OBJECT, "an object")) {
            return null;
        }
        Map<String, V> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, value.read(p));
        }
        return out;
    }
}
