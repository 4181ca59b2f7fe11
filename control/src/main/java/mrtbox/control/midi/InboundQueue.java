package mrtbox.control.midi;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands messages from the MIDI delivery threads (one per JDK device, the sequencer's, a test's) to the dispatcher
 * without locks: bounded, multi-producer, single-consumer. A full queue drops the message and counts it rather
 * than make a MIDI thread wait.
 */
final class InboundQueue {
    record Item(InputPort port, byte[] bytes, int length, boolean sysexContinuation, long nanos, Runnable marker) {}

    private final ConcurrentLinkedQueue<Item> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final int capacity;
    private volatile Thread consumer;
    private volatile boolean consumerParked;

    InboundQueue(int capacity) {
        this.capacity = capacity;
    }

    void consumer(Thread t) {
        consumer = t;
    }

    boolean offer(Item item) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        items.offer(item);
        if (consumerParked) wake(); // a busy consumer will find it without a syscall
        return true;
    }

    Item poll() {
        Item i = items.poll();
        if (i != null) size.decrementAndGet();
        return i;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    long dropped() {
        return dropped.get();
    }

    /** Parks the consumer for up to {@code nanos} unless something is already waiting. */
    void park(Object blocker, long nanos) {
        consumerParked = true;
        if (items.isEmpty()) LockSupport.parkNanos(blocker, nanos);
        consumerParked = false;
    }

    void wake() {
        Thread t = consumer;
        if (t != null) LockSupport.unpark(t);
    }
}
