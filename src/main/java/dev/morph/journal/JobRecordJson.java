package dev.morph.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a journal record with Jackson's streaming parser. Data binding ({@code StateJson}'s mapper,
 * which still writes the records) builds its deserializers by reflection on first use: on the demo
 * root after a run that was over 70 ms of a 160 ms {@code status}, every read-only command paying it.
 * The answers are the mapper's for every file morph writes: snake_case names, fields in any order,
 * unknown fields skipped (older morphs read newer records), missing or null numbers 0 and missing
 * objects null. Anything else where a value of a field's type belongs makes the record unreadable.
 */
final class JobRecordJson {
    private static final JsonFactory JSON = new JsonFactory();

    private JobRecordJson() {
    }

    static JobRecord read(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a journal record is a JSON object");
            }
            String job = null;
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
            List<String> commandTemplate = null;
            Map<String, String> params = null;
            long newestInputNs = 0;
            String newestInput = null;
            Map<String, Long> outputs = null;
            List<String> experiments = null;
            Integer exitCode = null;
            String reasonCode = null;
            String message = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "job" -> job = text(p);
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
                    case "command_template" -> commandTemplate = texts(p);
                    case "params" -> params = textMap(p);
                    case "newest_input_ns" -> newestInputNs = orZero(number(p));
                    case "newest_input" -> newestInput = text(p);
                    case "outputs" -> outputs = numberMap(p);
                    case "experiments" -> experiments = texts(p);
                    case "exit_code" -> {
                        Long code = number(p);
                        exitCode = code == null ? null : (int) (long) code;
                    }
                    case "reason_code" -> reasonCode = text(p);
                    case "message" -> message = text(p);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new JsonParseException(p, "unexpected " + p.currentToken() + " in a journal record");
            }
            return new JobRecord(job, step, experiment, status, runId, host, pid, attempt, startedNs, endedNs, command,
                    commandTemplate, params, newestInputNs, newestInput, outputs, experiments, exitCode, reasonCode, message);
        }
    }

    /** A string, or a number or boolean as its text (as data binding coerces them); null for null. */
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

    private static Map<String, String> textMap(JsonParser p) throws IOException {
        if (!opens(p, JsonToken.START_OBJECT, "an object")) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, text(p));
        }
        return out;
    }

    private static Map<String, Long> numberMap(JsonParser p) throws IOException {
        if (!opens(p, JsonToken.START_OBJECT, "an object")) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, number(p));
        }
        return out;
    }
}
