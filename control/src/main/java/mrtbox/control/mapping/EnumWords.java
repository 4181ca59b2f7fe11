package mrtbox.control.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The words the README and the page use for a mapping's choices ({@code linear}, {@code pickup},
 * {@code relative_twos_complement}, {@code pitch_bend}): written in lower case, read in any case with {@code -} or a
 * space for {@code _}, and a wrong word is answered in the same words, never with a Java class name.
 */
final class EnumWords {
    private EnumWords() {}

    static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        if (text == null) return null;
        String key = text.strip().replace('-', '_').replace(' ', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) if (e.name().equals(key)) return e;
        throw new IllegalArgumentException(field + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(EnumWords::word).collect(Collectors.joining(", ")) + ", got '" + text + "'");
    }
}
