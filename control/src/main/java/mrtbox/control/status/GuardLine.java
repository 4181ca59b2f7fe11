package mrtbox.control.status;

/**
 * The output guard as the status shows it ({@code /mrtbox/status/guard i actions, s last check, s last action,
 * s gave up} over OSC, the page's status).
 *
 * @param actions    rollbacks and resets since the start
 * @param lastCheck  the check that fired last, empty before any
 * @param lastAction what was done then (report, rollback, reset, "none (gave up)"), empty before any
 * @param gaveUp     the check that made the guard stop acting, empty while it acts
 */
public record GuardLine(long actions, String lastCheck, String lastAction, String gaveUp) {
    /** No guard, or nothing happened yet. */
    public static final GuardLine NONE = new GuardLine(0, "", "", "");

    public GuardLine {
        lastCheck = lastCheck == null ? "" : lastCheck;
        lastAction = lastAction == null ? "" : lastAction;
        gaveUp = gaveUp == null ? "" : gaveUp;
    }
}
