package dev.morph.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morph.state.StateJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader of journal records answers what Jackson's data binding (which writes them, and
 * read them before) answers: on records morph writes, on the same records with fields reordered,
 * dropped or unknown ones added, and it refuses what data binding refuses.
 */
class JobRecordJsonTest {
    private static final ObjectMapper MAPPER = StateJson.mapper();

    @Test
    void read_recordsMorphWrites_sameAsDataBinding() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            JobRecord record = randomRecord(random);
            byte[] json = MAPPER.writeValueAsBytes(record);

            assertEquals(record, JobRecordJson.read(json), new String(json, StandardCharsets.UTF_8));
            assertEquals(MAPPER.readValue(json, JobRecord.class), JobRecordJson.read(json));
        }
    }

    @Test
    void read_reorderedMissingAndUnknownFields_sameAsDataBinding() throws IOException {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = MAPPER.convertValue(randomRecord(random), LinkedHashMap.class);
            List<String> names = new ArrayList<>(fields.keySet());
            Collections.shuffle(names, random);
            Map<String, Object> changed = new LinkedHashMap<>();
            for (String name : names) {
                if (random.nextInt(4) > 0) {
                    changed.put(name, fields.get(name));
                }
                if (random.nextInt(6) == 0) {
                    // what a newer morph might add: any JSON value under a name this one does not know
                    changed.put("future_" + i + "_" + name, random.nextBoolean() ? Map.of("a", List.of(1, "x", Map.of())) : List.of(true, 2.5));
                }
            }
            byte[] json = MAPPER.writeValueAsBytes(changed);

            assertEquals(MAPPER.readValue(json, JobRecord.class), JobRecordJson.read(json), new String(json, StandardCharsets.UTF_8));
        }
    }

    @Test
    void read_malformedOrMistyped_isRefusedAsDataBindingRefusesIt() {
        for (String json : List.of("{not json", "", "[]", "\"text\"", "{\"pid\": \"x\"}", "{\"command\": \"one\"}",
                "{\"params\": [\"a\"]}", "{\"outputs\": {\"f\": \"new\"}}", "{\"job\": {\"a\": 1}}", "{\"step\": \"a\"")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThrows(IOException.class, () -> MAPPER.readValue(bytes, JobRecord.class), json);
            assertThrows(IOException.class, () -> JobRecordJson.read(bytes), json);
        }
    }

    private static JobRecord randomRecord(Random r) {
        String[] statuses = {JobRecord.RUNNING, JobRecord.SUCCEEDED, JobRecord.FAILED, JobRecord.INTERRUPTED};
        return new JobRecord(maybe(r, "step[e" + r.nextInt(100) + "]"), maybe(r, "step"), maybe(r, "2025010" + r.nextInt(9) + "_é\"x\\y"),
                statuses[r.nextInt(statuses.length)], maybe(r, "20261123-" + r.nextInt(1_000_000)), maybe(r, "host"),
                r.nextInt(1 << 22), r.nextInt(5), r.nextLong(), r.nextBoolean() ? null : r.nextLong(), texts(r), texts(r),
                r.nextInt(4) == 0 ? null : textMap(r), r.nextLong(), maybe(r, "raw/a b/\u2603.tif"), r.nextInt(4) == 0 ? null : numberMap(r),
                r.nextBoolean() ? null : texts(r), r.nextBoolean() ? null : r.nextInt(256) - 128, maybe(r, "OUTPUT_NOT_CREATED"),
                maybe(r, "line one\nline two\t\u0001"));
    }

    private static String maybe(Random r, String text) {
        return r.nextInt(5) == 0 ? null : text;
    }

    private static List<String> texts(Random r) {
        if (r.nextInt(5) == 0) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            out.add(r.nextInt(6) == 0 ? null : "w" + r.nextInt(1000) + (r.nextBoolean() ? " '{x}'" : ""));
        }
        return out;
    }

    private static Map<String, String> textMap(Random r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            out.put("k" + r.nextInt(100), r.nextInt(6) == 0 ? null : "v" + r.nextInt(100));
        }
        return out;
    }

    private static Map<String, Long> numberMap(Random r) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            out.put("out/" + r.nextInt(100) + ".csv", r.nextInt(6) == 0 ? null : r.nextLong());
        }
        return out;
    }
}
