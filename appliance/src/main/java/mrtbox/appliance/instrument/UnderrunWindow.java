package mrtbox.appliance.instrument;

import java.util.ArrayDeque;

/**
 * How many underruns happened within the last window, from the engine's running total. A box whose output runs
 * dry again and again (the ALSA null device, which does not pace, or a model that cannot keep up) is not "ok"
 * because the total was high once; and one bad minute long ago does not degrade it for ever. Read by the status
 * publisher's thread only; not on the audio path.
 */
final class UnderrunWindow {
    private final long windowNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();   // {nanos, total}, oldest first

    UnderrunWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Records the total seen now and returns how much it rose within the window (0 at the first call). */
    synchronized long recent(long nowNanos, long total) {
        samples.addLast(new long[] {nowNanos, total});
        // keep the newest sample at or before the window's start as the baseline
        while (samples.size() > 1) {
            java.util.Iterator<long[]> it = samples.iterator();
            it.next();
            if (nowNanos - it.next()[0] < windowNanos) break;
            samples.removeFirst();
        }
        long base = samples.peekFirst()[1];
        return Math.max(0, total - base);
    }
}
