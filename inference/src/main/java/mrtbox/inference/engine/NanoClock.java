package mrtbox.inference.engine;

/** Monotonic time in nanoseconds; injected so pacing and the watchdog can be tested with a fake clock. */
@FunctionalInterface
public interface NanoClock {
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
