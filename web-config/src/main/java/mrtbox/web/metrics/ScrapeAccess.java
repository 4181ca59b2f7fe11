package mrtbox.web.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Who may read {@code GET /metrics}: nobody (off, the default), anyone on the network, or a scraper that sends the
 * configured bearer token. Never the page's login session: a scraper cannot log in, and a page session must not
 * become a way to read the box without the token.
 *
 * @param mode  off, public or token
 * @param token the bearer token (token mode only): 16..256 visible ASCII characters
 */
public record ScrapeAccess(Mode mode, String token) {
    public static final int MIN_TOKEN_LENGTH = 16;
    public static final int MAX_TOKEN_LENGTH = 256;
    public static final ScrapeAccess OFF = new ScrapeAccess(Mode.OFF, null);
    public static final ScrapeAccess PUBLIC = new ScrapeAccess(Mode.PUBLIC, null);

    public enum Mode {
        OFF, PUBLIC, TOKEN;

        /** The config's word for it: {@code off}, {@code public}, {@code token}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ScrapeAccess {
        if (mode == null) throw new IllegalArgumentException("metrics access must be off, public or token");
        if (mode == Mode.TOKEN) checkToken(token);
        else token = null;
    }

    public static ScrapeAccess token(String token) {
        return new ScrapeAccess(Mode.TOKEN, token);
    }

    /** Whether a request with this {@code Authorization} header (null when absent) may read the metrics. */
    public boolean admits(String authorization) {
        return switch (mode) {
            case OFF -> false;
            case PUBLIC -> true;
            case TOKEN -> authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static void checkToken(String token) {
        if (token == null || token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("metrics token must be " + MIN_TOKEN_LENGTH + ".." + MAX_TOKEN_LENGTH
                    + " characters (e.g. the output of: openssl rand -hex 24)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') throw new IllegalArgumentException("metrics token may hold only visible ASCII characters, no spaces");
        }
    }

    @Override
    public String toString() {
        return mode.word();   // never the token itself: this lands in logs
    }
}
