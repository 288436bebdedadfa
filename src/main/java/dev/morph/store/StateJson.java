package dev.morph.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Jackson mapper for morph's state files (journal records, run states, locks): records as
 * snake_case JSON, unknown fields ignored so older morphs read newer files. The mapper is made with
 * this class, so commands that touch no state never load data binding.
 */
public final class StateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private StateJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        NoLinks.check(file);
        return mapper().readValue(Files.readAllBytes(file), type);
    }

    public static void writeAtomically(Path file, Object value) throws IOException {
        AtomicFiles.write(file, mapper().writeValueAsBytes(value));
    }
}
