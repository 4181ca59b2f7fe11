package mrtbox.control.gpio;

/**
 * The one thread all GPIO logic runs on, and its clock. Pin listeners (Pi4J calls them on its own threads) hand
 * their edges over with {@link #execute}; timers (debounce, long press, blinking) use {@link #schedule}. Tests
 * drive a manual implementation whose clock they move by hand.
 */
public interface ControlScheduler extends AutoCloseable {
    /** Monotonic time in nanoseconds. */
    long nowNanos();

    /** Runs a task on the control thread, in submission order. */
    void execute(Runnable task);

    /** Runs a task on the control thread at {@code atNanos} (on the {@link #nowNanos} clock). */
    Timer schedule(Runnable task, long atNanos);

    /** Runs the tasks already handed to {@link #execute}, drops pending timers, stops the thread. */
    @Override
    void close();

    interface Timer {
        void cancel();
    }
}
