package dev.morph.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Shell quoting: a word with only safe characters stays as it is, any other is single-quoted. */
class CommandRendererQuoteTest {
    /** The rule as a regular expression: the reference the character loop must agree with. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    @Test
    void quote_examples() {
        assertEquals("build01", CommandRenderer.quote("build01"));
        assertEquals("/data/a_b-c.d/e@f%g+h=i:j,k", CommandRenderer.quote("/data/a_b-c.d/e@f%g+h=i:j,k"));
        assertEquals("''", CommandRenderer.quote(""));
        assertEquals("'a b'", CommandRenderer.quote("a b"));
        assertEquals("'it'\\''s'", CommandRenderer.quote("it's"));
        assertEquals("'é'", CommandRenderer.quote("é"));
        assertEquals("sh -c 'echo $x' ''", CommandRenderer.shellLine(List.of("sh", "-c", "echo $x", "")));
        assertEquals("", CommandRenderer.shellLine(List.of()));
    }

    @Test
    void quote_agreesWithTheRuleOnRandomWords() {
        Random random = new Random(3);
        String alphabet = "aZ09_@%+=:,./-'\" $`\\!*?[]{}()<>|&;#~\té\u0000\n";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder w = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                w.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String word = w.toString();
            String expected = SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
            assertEquals(expected, CommandRenderer.quote(word), word);
        }
    }
}
