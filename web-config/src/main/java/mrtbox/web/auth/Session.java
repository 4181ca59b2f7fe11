package mrtbox.web.auth;

import java.time.Instant;

/**
 * A logged-in browser or script. The session id travels in an HttpOnly cookie; the CSRF token is handed to the
 * page in a JSON body and must come back in the {@code X-CSRF-Token} header of every state-changing request.
 */
public record Session(String id, String csrfToken, Instant created, Instant expires) {}
