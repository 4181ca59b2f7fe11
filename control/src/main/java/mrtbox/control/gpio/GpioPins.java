package mrtbox.control.gpio;

/**
 * The thin hardware edge: digital inputs with a listener, digital outputs. Everything above it is hardware-free.
 * Pin numbers are BCM GPIO numbers. Opening a pin that cannot be opened throws {@link GpioUnavailableException}.
 */
public interface GpioPins extends AutoCloseable {
    enum Pull { UP, DOWN, OFF }

    /** Called with each new level (true = high), on whatever thread the platform uses. */
    interface LevelListener {
        void onLevel(boolean high);
    }

    interface Input {
        boolean high();
    }

    interface Output {
        void set(boolean high);
    }

    /** Opens an input without any debounce of its own (ours is in {@link Debouncer}; encoders need none). */
    Input input(int bcm, Pull pull, String name, LevelListener listener);

    /** Opens an output at its "off" level, which it also goes back to when closed. */
    Output output(int bcm, String name, boolean offHigh);

    /** What this is, for the log line ("Pi4J gpiod", "Pi4J mock platform"). */
    String description();

    /** Releases every pin (outputs go low first). */
    @Override
    void close();
}
