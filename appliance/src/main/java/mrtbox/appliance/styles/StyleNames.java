package mrtbox.appliance.styles;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Style names as prompt slots use them ({@code :NAME}): letters, digits, '-', '_' and '.', starting with a letter or digit. */
public final class StyleNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Names other prompt syntaxes own: {@code :live} is the live audio input. */
    public static final Set<String> RESERVED = Set.of("live");

    private StyleNames() {}

    /** The name, or an exception that says what is wrong with it. */
    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("style name '" + name + "' is not usable: use 1 to 64 letters, digits, '-', '_' or '.',"
                    + " starting with a letter or digit (it is typed as :NAME in a prompt slot)");
        }
        return name;
    }

    public static boolean reserved(String name) {
        return RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }
}
