package dev.morph.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Step order: producers first; among steps that are ready, file order; no order for a cycle. */
class StepOrderTest {
    private static Map<String, List<String>> producers(Object... stepAndProducers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < stepAndProducers.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> from = (List<String>) stepAndProducers[i + 1];
            out.put((String) stepAndProducers[i], from);
        }
        return out;
    }

    @Test
    void of_producersFirst_thenFileOrder() {
        // file order: report, b, a, c; report reads c, c reads a, b reads nothing
        Map<String, List<String>> p = producers("report", List.of("c"), "b", List.of(), "a", List.of(), "c", List.of("a"));
        assertEquals(Optional.of(List.of("b", "a", "c", "report")), StepOrder.of(p));
    }

    @Test
    void of_cycle_isEmpty() {
        assertEquals(Optional.empty(), StepOrder.of(producers("a", List.of("b"), "b", List.of("a"), "c", List.of())));
        assertEquals(Optional.of(List.of()), StepOrder.of(Map.of()));
    }
}
