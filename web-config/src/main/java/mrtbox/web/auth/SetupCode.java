package mrtbox.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The one-time code that proves the first visitor can read the box's log or console. 12 characters from an
 * alphabet without look-alikes (no 0/O, 1/I), shown in groups of four: about 60 bits.
 */
public final class SetupCode {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final String code;

    private SetupCode(String code) {
        this.code = code;
    }

    public static SetupCode generate(SecureRandom random) {
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < 12; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return new SetupCode(sb.toString());
    }

    /** As printed: {@code ABCD-EFGH-JKLM}. */
    public String display() {
        return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8);
    }

    /** Compares in constant time, forgiving case, spaces and dashes. */
    public boolean matches(String typed) {
        if (typed == null) return false;
        String norm = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        return MessageDigest.isEqual(norm.getBytes(StandardCharsets.UTF_8), code.getBytes(StandardCharsets.UTF_8));
    }
}
