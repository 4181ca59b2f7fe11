package mrtbox.inference.guard;

/** What the output guard does when a check fires. */
public enum GuardAction {
    /** Count it, log it once, show it; the music carries on. */
    REPORT("report"),
    /** Report, then put the model back in the newest good state from before the trouble began (crossfaded). */
    ROLLBACK("rollback"),
    /** Report, then restart the model's context with the current seed (crossfaded). */
    RESET("reset");

    private final String id;

    GuardAction(String id) {
        this.id = id;
    }

    /** The word used in parameters, OSC and status lines. */
    public String id() {
        return id;
    }

    /** The action named {@code id}; a clear error naming the choices otherwise. */
    public static GuardAction of(String id) {
        for (GuardAction a : values()) if (a.id.equals(id)) return a;
        throw new IllegalArgumentException("unknown guard action '" + id + "' (report, rollback or reset)");
    }
}
