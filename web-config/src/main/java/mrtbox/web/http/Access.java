package mrtbox.web.http;

/** Who may call a route. */
public enum Access {
    /** Anyone: the login and setup endpoints. State-changing calls still pass the same-origin check. */
    PUBLIC,
    /** Anyone when the settings expose health publicly, otherwise a logged-in session. Read-only. */
    HEALTH,
    /** A logged-in session; state-changing calls also need the session's CSRF token. */
    USER
}
