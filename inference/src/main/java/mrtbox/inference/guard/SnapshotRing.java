package mrtbox.inference.guard;

import java.util.Objects;

/**
 * The last few model states, each stamped with the step it was taken at, in a fixed number of slots: adding to a
 * full ring forgets the oldest. The output guard keeps its known-good states here (in memory only: nothing touches
 * disk on the generation path); scene recall may keep a bank's states the same way.
 *
 * <p>Adding and looking up never allocate beyond the slots made in the constructor. Not thread-safe: one owner
 * thread (for the guard, the generation thread).
 *
 * @param <T> the state's type (an MRT2 state snapshot, MRT v1's context tokens, ...); the ring keeps the reference,
 *            so callers hand over a copy they will not change
 */
public final class SnapshotRing<T> {
    private final Object[] states;
    private final long[] steps;
    private int next;    // slot the next add writes
    private int size;

    /** @param capacity how many states to keep (at least 1) */
    public SnapshotRing(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("a snapshot ring needs at least 1 slot, not " + capacity);
        this.states = new Object[capacity];
        this.steps = new long[capacity];
    }

    public int capacity() {
        return states.length;
    }

    public int size() {
        return size;
    }

    /** Keeps {@code state}, taken at {@code step}; steps must not go backwards (else the ring is cleared first). */
    public void add(long step, T state) {
        Objects.requireNonNull(state, "state");
        if (size > 0 && step < steps[slot(0)]) clear();   // a new stream (reset) started: older stamps mean nothing
        states[next] = state;
        steps[next] = step;
        next = (next + 1) % states.length;
        if (size < states.length) size++;
    }

    /** The newest state, or null when empty. */
    public T newest() {
        return size == 0 ? null : get(0);
    }

    /** The step the newest state was taken at, or -1 when empty. */
    public long newestStep() {
        return size == 0 ? -1 : steps[slot(0)];
    }

    /**
     * The newest state taken at or before {@code step}, or null when there is none: a detector that needed N seconds
     * to fire wants a state from before its window began, not one taken while the trouble was already under way.
     */
    public T newestAtOrBefore(long step) {
        for (int age = 0; age < size; age++) {
            if (steps[slot(age)] <= step) return get(age);
        }
        return null;
    }

    /** The step of {@link #newestAtOrBefore}'s answer, or -1. */
    public long newestStepAtOrBefore(long step) {
        for (int age = 0; age < size; age++) {
            if (steps[slot(age)] <= step) return steps[slot(age)];
        }
        return -1;
    }

    /** Forgets every state taken after {@code step} (they followed a bad stretch that a rollback undid). */
    public void dropAfter(long step) {
        while (size > 0 && steps[slot(0)] > step) {
            int s = slot(0);
            states[s] = null;
            next = s;
            size--;
        }
    }

    public void clear() {
        java.util.Arrays.fill(states, null);
        size = 0;
        next = 0;
    }

    /** Slot of the state {@code age} adds ago (0 = newest). */
    private int slot(int age) {
        return Math.floorMod(next - 1 - age, states.length);
    }

    @SuppressWarnings("unchecked")
    private T get(int age) {
        return (T) states[slot(age)];
    }
}
