package mrtbox.control.gpio;

import java.util.PriorityQueue;

/**
 * A {@link ControlScheduler} for tests: tasks run at once on the calling thread, timers run when the test moves
 * the clock past them with {@link #advanceMs}, in time order, each seeing the clock at its own time.
 */
final class ManualScheduler implements ControlScheduler {
    private record Pending(long at, long seq, Runnable task, boolean[] cancelled) {}

    private final PriorityQueue<Pending> timers = new PriorityQueue<>((x, y) ->
            x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
    private long now = 1_000_000_000L;
    private long seq;
    private boolean closed;

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        if (!closed) task.run();
    }

    @Override
    public Timer schedule(Runnable task, long atNanos) {
        boolean[] cancelled = {false};
        if (!closed) timers.add(new Pending(atNanos, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock forward, running every timer that falls due on the way. */
    void advanceMs(double ms) {
        long target = now + Math.round(ms * 1_000_000);
        while (!timers.isEmpty() && timers.peek().at <= target) {
            Pending p = timers.poll();
            if (p.cancelled[0]) continue;
            now = Math.max(now, p.at);
            p.task.run();
        }
        now = target;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        timers.clear();
    }
}
