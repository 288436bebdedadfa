package dev.morph.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Shell quoting: a word with only safe characters stays as it is, any other is single-quoted. */
class CommandRendererQuoteTest {
    @Test
    void quote_safeWords_stayAsTheyAre() {
        assertEquals("build01", CommandRenderer.quote("build01"));
        assertEquals("/data/a_b-c.d/e@f%g+h=i:j,k", CommandRenderer.quote("/data/a_b-c.d/e@f%g+h=i:j,k"));
        assertEquals("ABCxyz0189", CommandRenderer.quote("ABCxyz0189"));
    }

    @Test
    void quote_anyOtherWord_isSingleQuoted() {
        assertEquals("''", CommandRenderer.quote(""));
        assertEquals("'a b'", CommandRenderer.quote("a b"));
        assertEquals("'it'\\''s'", CommandRenderer.quote("it's"));
        assertEquals("'é'", CommandRenderer.quote("é"));
        assertEquals("'$HOME'", CommandRenderer.quote("$HOME"));
        assertEquals("'a\nb'", CommandRenderer.quote("a\nb"));
        assertEquals("'*.csv'", CommandRenderer.quote("*.csv"));
        assertEquals("'x;rm'", CommandRenderer.quote("x;rm"));
        assertEquals("'\"q\"'", CommandRenderer.quote("\"q\""));
    }

    @Test
    void shellLine_quotesEachWordAndJoinsWithSpaces() {
        assertEquals("sh -c 'echo $x' ''", CommandRenderer.shellLine(List.of("sh", "-c", "echo $x", "")));
        assertEquals("", CommandRenderer.shellLine(List.of()));
    }
}
