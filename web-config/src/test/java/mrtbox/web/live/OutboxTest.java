package mrtbox.web.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {
    /** A transport that holds each send until the test completes it, like a slow network. */
    static final class SlowTransport implements Outbox.Transport {
        final List<String> sent = new ArrayList<>();
        Runnable pending;

        @Override
        public void send(String text, Runnable done) {
            sent.add(text);
            pending = done;
        }

        void complete() {
            Runnable r = pending;
            pending = null;
            r.run();
        }
    }

    @Test
    void sendsOneAtATimeAndCoalescesByKey() {
        SlowTransport t = new SlowTransport();
        Outbox o = new Outbox(t, 8);
        o.offer("status", "s1");
        assertEquals(List.of("s1"), t.sent, "the first message goes at once");
        o.offer("status", "s2");
        o.offer("param:a", "a1");
        o.offer("status", "s3");
        o.offer("param:a", "a2");
        assertEquals(List.of("s1"), t.sent, "nothing else while a send is in flight");
        t.complete();
        t.complete();
        assertEquals(List.of("s1", "s3", "a2"), t.sent, "only the latest of each key, in order of the latest change");
        t.complete();
        o.offer("x", "x1");
        assertEquals(List.of("s1", "s3", "a2", "x1"), t.sent, "idle again: the next offer sends at once");
    }

    @Test
    void aSlowClientLosesTheOldestUniqueMessagesNotMemory() {
        SlowTransport t = new SlowTransport();
        Outbox o = new Outbox(t, 3);
        for (int i = 0; i < 10; i++) o.offer("midi:" + i, "m" + i);
        assertEquals(6, o.dropped());
        while (t.pending != null) t.complete();
        assertEquals(List.of("m0", "m7", "m8", "m9"), t.sent);
    }
}
