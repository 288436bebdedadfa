package dev.morph.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Escaping for the page: names as HTML text, and JSON that no name can break out of its script element. */
class HtmlTest {
    private static final List<String> HOSTILE = List.of("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>",
            "<!--", "a&amp;b", "\"'", "line\u2028separator");

    @Test
    void escape_leavesNoMarkup() {
        for (String name : HOSTILE) {
            String e = Html.escape(name);
            assertFalse(e.contains("<") || e.contains(">") || e.contains("\"") || e.contains("'"), e);
        }
        assertEquals("&lt;img src=x&gt; &amp; &quot;", Html.escape("<img src=x> & \""));
    }

    @Test
    void scriptJson_hasNoMarkupCharacters_andMeansTheSame() throws Exception {
        String json = new ObjectMapper().writeValueAsString(Map.of("names", HOSTILE));
        String safe = Html.scriptJson(json);
        assertFalse(safe.contains("<") || safe.contains(">") || safe.contains("&") || safe.contains("\u2028"), safe);
        assertEquals(new ObjectMapper().readTree(json), new ObjectMapper().readTree(safe));
    }
}
