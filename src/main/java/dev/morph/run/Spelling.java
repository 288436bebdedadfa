package dev.morph.run;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the enums of the run lifecycle back from the words state files spell them with, so that each
 * enum names its spellings once and an unknown word is one clear error (the file is then unreadable,
 * as with any other value of the wrong kind).
 */
final class Spelling<E extends Enum<E>> {
    private final String what;
    private final Map<String, E> byWord;

    Spelling(String what, Class<E> type) {
        this.what = what;
        this.byWord = Arrays.stream(type.getEnumConstants()).collect(Collectors.toUnmodifiableMap(Object::toString, Function.identity()));
    }

    E of(String word) {
        E e = byWord.get(word);
        if (e == null) {
            throw new IllegalArgumentException(String.format("unknown %s '%s' (known: %s)", what, word,
                    byWord.keySet().stream().sorted().collect(Collectors.joining(", "))));
        }
        return e;
    }
}
