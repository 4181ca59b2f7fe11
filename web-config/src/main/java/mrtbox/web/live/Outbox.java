package mrtbox.web.live;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages waiting for one WebSocket client, sent one at a time (the next send starts when the previous one
 * completes). Messages with the same key replace each other while waiting ("status", "param:prompt.1.weight"),
 * so a slow phone gets the latest state instead of a growing backlog; unique keys (MIDI monitor lines) queue,
 * bounded, dropping the oldest.
 */
public final class Outbox {
    /** Sends one text message and calls {@code done} when the transport is ready for the next. */
    public interface Transport {
        void send(String text, Runnable done);
    }

    private final Transport transport;
    private final int capacity;
    private final LinkedHashMap<String, String> waiting = new LinkedHashMap<>();
    private boolean sending;
    private long dropped;

    public Outbox(Transport transport, int capacity) {
        this.transport = transport;
        this.capacity = capacity;
    }

    /** Queues a message; never blocks. */
    public void offer(String key, String text) {
        synchronized (this) {
            waiting.remove(key); // a replaced message moves to the back: order follows the latest change
            waiting.put(key, text);
            if (waiting.size() > capacity) {
                Iterator<String> it = waiting.keySet().iterator();
                it.next();
                it.remove();
                dropped++;
            }
            if (sending) return;
            sending = true;
        }
        sendNext();
    }

    private void sendNext() {
        String text;
        synchronized (this) {
            Iterator<Map.Entry<String, String>> it = waiting.entrySet().iterator();
            if (!it.hasNext()) {
                sending = false;
                return;
            }
            text = it.next().getValue();
            it.remove();
        }
        transport.send(text, this::sendNext);
    }

    public synchronized long dropped() {
        return dropped;
    }
}
