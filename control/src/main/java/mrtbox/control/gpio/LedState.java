package mrtbox.control.gpio;

/**
 * What a status LED says, and how it blinks. The README's "Hardware controls" section lists the same table.
 */
public enum LedState {
    /** The service is starting, loading a model: slow even blink, 1 Hz. */
    STARTING(BlinkPattern.cycle(500, 500)),
    /** Playing and healthy: steady on. */
    PLAYING(BlinkPattern.steady(true)),
    /** Running, not playing: a short blip every 2 s. */
    STOPPED(BlinkPattern.cycle(100, 1900)),
    /** Running with a problem you can hear: underruns rising, or the built-in noise model: double blink every 2 s. */
    DEGRADED(BlinkPattern.cycle(150, 150, 150, 1550)),
    /** An error: three fast blinks, then a pause. */
    ERROR(BlinkPattern.cycle(100, 100, 100, 100, 100, 1300)),
    /** Safe shutdown under way: fast flicker until the service stops, then dark. */
    SHUTTING_DOWN(BlinkPattern.cycle(50, 50));

    private final BlinkPattern pattern;

    LedState(BlinkPattern pattern) {
        this.pattern = pattern;
    }

    BlinkPattern pattern() {
        return pattern;
    }

    /** "steady on", "100/1900 ms on/off", ...: for logs and documentation. */
    public String patternText() {
        return pattern.toString();
    }
}
