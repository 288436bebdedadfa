package dev.morph.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A followed log is sent in chunks that end at whole UTF-8 characters, whatever byte the writer stopped at. */
class LogChunkTest {
    @Test
    void aChunkNeverSplitsACharacter() {
        byte[] text = "a é ✓ 𝄞 z".getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n <= text.length; n++) {
            int whole = LogService.wholeCharacters(text, n);
            String shown = new String(text, 0, whole, StandardCharsets.UTF_8);
            assertEquals(whole, shown.getBytes(StandardCharsets.UTF_8).length, "cut at " + n);
            assertEquals(-1, shown.indexOf('\uFFFD'), "cut at " + n + ": " + shown);
            assertTrue(n - whole <= 3 && whole <= n, "cut at " + n + " keeps " + whole);
        }
        assertEquals(text.length, LogService.wholeCharacters(text, text.length));
    }
}
