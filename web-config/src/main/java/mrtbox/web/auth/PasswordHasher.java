package mrtbox.web.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow password hashes with the JDK's PBKDF2WithHmacSHA256. The stored form carries its own parameters,
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}, so the iteration count can grow without breaking old
 * records. Verification compares in constant time.
 */
public final class PasswordHasher {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Records below this are refused as too weak (a tampered or ancient file). */
    public static final int MIN_ITERATIONS = 100_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) throw new IllegalArgumentException("at least " + MIN_ITERATIONS + " iterations");
        this.iterations = iterations;
    }

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when {@code password} matches the stored record; false for a wrong password or a malformed record. */
    public boolean verify(char[] password, String record) {
        Parsed p = parse(record);
        return p != null && MessageDigest.isEqual(p.hash, derive(password, p.salt, p.iterations));
    }

    /** Null when {@code record} is a password record this build can check; else what is wrong with it. */
    public static String problem(String record) {
        String[] parts = record == null ? new String[0] : record.strip().split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) return "not a " + PREFIX + " password record";
        return parse(record) == null ? "a damaged " + PREFIX + " record (iterations, salt or hash unreadable)" : null;
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {}

    private static Parsed parse(String record) {
        String[] parts = record == null ? new String[0] : record.strip().split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) return null;
        try {
            int n = Integer.parseInt(parts[1]);
            if (n < MIN_ITERATIONS || n > 100_000_000) return null;
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            return salt.length >= 8 && hash.length == HASH_BITS / 8 ? new Parsed(n, salt, hash) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            ((PBEKeySpec) spec).clearPassword();
        }
    }

    static void wipe(char[] secret) {
        if (secret != null) Arrays.fill(secret, '\0');
    }
}
