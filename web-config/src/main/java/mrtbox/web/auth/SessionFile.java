package mrtbox.web.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The live sessions on disk, so that a restart of the service does not log every phone out: one line per session
 * (a hash of its cookie value, never the value itself, its CSRF token and times), signed with HMAC-SHA256 under a key
 * kept in its own owner-only file in the state directory. Both files are written atomically. A file that cannot be
 * read, parsed or verified is set aside as a {@code .bak} and costs only the sessions: everyone logs in again, no one
 * gets in without a password.
 */
public final class SessionFile {
    static final String HEADER = "mrtbox-web-sessions 1";
    private static final String MAC = "HmacSHA256";

    /** What a session needs to be found again: stored under the hash of its cookie value. */
    public record Stored(String csrfToken, Instant created, Instant expires, Instant lastSeen) {}

    /** The sessions read at start, and why some or all were dropped (empty when the file was fine or absent). */
    public record Loaded(Map<String, Stored> sessions, String problem) {}

    private final FileCredentialStore file;
    private final FileCredentialStore keyFile;
    private byte[] key;
    private boolean keyStored;   // false: the key lives in memory only, and sessions signed with it die with the box

    /**
     * @param file    the sessions ({@code web-sessions} beside {@code web-password})
     * @param keyFile the signing key ({@code web-session-key}), made on first use
     */
    public SessionFile(FileCredentialStore file, FileCredentialStore keyFile) {
        this.file = file;
        this.keyFile = keyFile;
    }

    /** The stored sessions, never an exception: an unusable file is set aside and reported. */
    public synchronized Loaded load() {
        String keyProblem = readKey();
        Optional<String> text;
        try {
            text = file.load();
        } catch (java.nio.charset.CharacterCodingException e) {
            return dropped("is not a session file (not text)", keyProblem);
        } catch (IOException e) {
            return dropped("cannot be read (" + e.getMessage() + ")", keyProblem);
        }
        if (text.isEmpty()) return new Loaded(Map.of(), keyProblem);
        if (!keyProblem.isEmpty()) return dropped("was signed with a key that is gone", keyProblem);
        try {
            return new Loaded(parse(text.get()), "");
        } catch (IllegalArgumentException e) {
            return dropped(e.getMessage(), "");
        }
    }

    /** Replaces the file with these sessions (keyed by {@link #hash} of the cookie value). */
    public synchronized void save(Map<String, Stored> sessions) throws IOException {
        if (key == null) readKey();
        if (!keyStored) {   // a file signed with a key that is not stored could not be verified after a restart
            keyFile.save(Base64.getEncoder().encodeToString(key));
            keyStored = true;
        }
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        sessions.forEach((hash, s) -> b.append(hash).append(' ').append(s.csrfToken()).append(' ')
                .append(s.created().toEpochMilli()).append(' ').append(s.expires().toEpochMilli()).append(' ')
                .append(s.lastSeen().toEpochMilli()).append('\n'));
        String mac = sign(b.toString());   // over everything above the signature line
        b.append("hmac-sha256 ").append(mac);
        file.save(b.toString());
    }

    /** The name a session is stored under: the file never holds a cookie value someone could log in with. */
    public static String hash(String cookieValue) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cookieValue.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private Map<String, Stored> parse(String text) {
        int sig = text.lastIndexOf("\nhmac-sha256 ");
        if (!text.startsWith(HEADER + "\n") || sig < 0) throw new IllegalArgumentException("is not a session file (no header or signature)");
        String body = text.substring(0, sig + 1);
        String mac = text.substring(sig + "\nhmac-sha256 ".length()).strip();
        if (!MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("has a wrong signature (changed outside the box, or torn)");
        }
        Map<String, Stored> out = new LinkedHashMap<>();
        String[] lines = body.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            if (f.length != 5) throw new IllegalArgumentException("line " + (i + 1) + " has " + f.length + " fields, not 5");
            try {
                out.put(f[0], new Stored(f[1], Instant.ofEpochMilli(Long.parseLong(f[2])), Instant.ofEpochMilli(Long.parseLong(f[3])),
                        Instant.ofEpochMilli(Long.parseLong(f[4]))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " has a time that is not a number");
            }
        }
        return out;
    }

    /** Reads the key, or makes a new one (setting an unusable one aside); returns why the old key was unusable. */
    private String readKey() {
        String problem = "";
        try {
            Optional<String> k = keyFile.load();
            if (k.isPresent()) {
                byte[] bytes = Base64.getDecoder().decode(k.get());
                if (bytes.length >= 32) {
                    key = bytes;
                    keyStored = true;
                    return "";
                }
                problem = "the signing key is too short (" + bytes.length + " bytes)";
            }
        } catch (IOException | IllegalArgumentException e) {
            problem = "the signing key cannot be read (" + e.getMessage() + ")";
        }
        try {
            if (!problem.isEmpty()) problem += " and was " + kept(keyFile);
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            key = fresh;
            keyStored = false;
            keyFile.save(Base64.getEncoder().encodeToString(fresh));
            keyStored = true;
        } catch (IOException e) {
            // sessions then last until the next restart (each save tries to store the key again); nothing is opened by it
            problem = (problem.isEmpty() ? "" : problem + "; ") + "the signing key cannot be stored (" + e.getMessage() + ")";
        }
        return problem;
    }

    private Loaded dropped(String why, String keyProblem) {
        String problem = "the saved sessions file " + why + " and was " + kept(file) + "; everyone logs in again";
        if (!keyProblem.isEmpty()) problem = keyProblem + "; " + problem;
        return new Loaded(Map.of(), problem);
    }

    private static String kept(FileCredentialStore f) {
        try {
            return "kept as " + f.setAside();
        } catch (IOException e) {
            return "not moved away (" + e.getMessage() + ")";
        }
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
