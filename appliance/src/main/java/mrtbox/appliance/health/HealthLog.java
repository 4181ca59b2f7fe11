package mrtbox.appliance.health;

/**
 * Which health reports go to the log: a change of what the health says, not of its numbers ("runs at 0.41x" and
 * "runs at 0.39x" are one state), so a slow model is logged once in words, and again when it recovers.
 */
final class HealthLog {
    private String lastShape = "";

    /** The health to log now, or null when it says what the last logged one said. */
    String changed(String health) {
        String shape = health.replaceAll("[0-9]+(\\.[0-9]+)?", "#");
        if (shape.equals(lastShape)) return null;
        lastShape = shape;
        return health;
    }
}
