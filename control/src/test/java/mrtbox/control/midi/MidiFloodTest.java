package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.mapping.MidiSource.MessageType.NRPN;
import static mrtbox.control.midi.MidiRig.cc;
import static mrtbox.control.midi.MidiRig.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import mrtbox.control.mapping.Mapping.Mode;
import mrtbox.control.mapping.Mapping.Takeover;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

/**
 * 10,000 messages a second from three controllers at once for 1.5 s (longer with -Dmrtbox.midi.floodSeconds): every relative step counts, the latest
 * absolute value wins, writes are coalesced per tick, nothing is dropped, and a reader standing in for the
 * generation thread is never held up.
 */
class MidiFloodTest {
    private static final int RATE = 10_000;
    /** 1.5 s by default; a soak run: {@code -Dmrtbox.midi.floodSeconds=600}. */
    private static final double SECONDS = Double.parseDouble(System.getProperty("mrtbox.midi.floodSeconds", "1.5"));

    @Test
    void aFloodIsCoalescedWithoutLosingState() throws Exception {
        try (MidiRig rig = new MidiRig()) {
            String w1 = StandardParams.promptWeight(1), w2 = StandardParams.promptWeight(2), w3 = StandardParams.promptWeight(3);
            rig.map(src(CC, 1, 7), w1, Mode.ABSOLUTE, Takeover.JUMP);
            rig.map(src(CC, 1, 16), w2, Mode.RELATIVE_TWOS_COMPLEMENT, Takeover.JUMP);
            rig.map(src(NRPN, 1, 513), w3, Mode.ABSOLUTE, Takeover.JUMP);
            Receiver a = rig.service.receiver("Fader Bank A");
            Receiver b = rig.service.receiver("Encoder Box B");
            Receiver c = rig.service.receiver("NRPN Synth C");
            int perSender = (int) (RATE * SECONDS / 3);
            AtomicLong maxSendNanos = new AtomicLong();
            AtomicLong slowSends = new AtomicLong(); // over 1 ms: on a shared 2-core box that is the scheduler, not us

            // A: a fader ramping up and down, ending on 77
            Thread ta = sender(a, perSender, i -> cc(1, 7, i == perSender - 1 ? 77 : (i % 254 < 127 ? i % 127 : 126 - i % 127)), maxSendNanos, slowSends);
            // B: an encoder wobbling +1/-1, then ten more clicks up: every message matters
            Thread tb = sender(b, perSender, i -> cc(1, 16, i >= perSender - 10 ? 1 : (i % 2 == 0 ? 1 : 127)), maxSendNanos, slowSends);
            // C: NRPN 513 (99=4, 98=1) full 14-bit values, four messages per value, ending on 12345
            int values = perSender / 4;
            Thread tc = sender(c, values * 4, i -> {
                int v = i / 4 == values - 1 ? 12345 : (i * 37) % 16384;
                return switch (i % 4) {
                    case 0 -> cc(1, 99, 4);
                    case 1 -> cc(1, 98, 1);
                    case 2 -> cc(1, 6, v >> 7);
                    default -> cc(1, 38, v & 127);
                };
            }, maxSendNanos, slowSends);

            ParamHandle h1 = rig.registry.require(w1);
            AtomicLong maxReadNanos = new AtomicLong();
            Thread reader = new Thread(() -> { // the generation thread: one snapshot read per step
                while (ta.isAlive() || tb.isAlive() || tc.isAlive()) {
                    long t0 = System.nanoTime();
                    double v = rig.registry.snapshot().number(h1);
                    maxReadNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    if (v < 0 || v > 1) throw new AssertionError("torn value " + v);
                    LockSupport.parkNanos(200_000);
                }
            });
            long start = System.nanoTime();
            reader.start();
            ta.start();
            tb.start();
            tc.start();
            for (Thread t : new Thread[] {ta, tb, tc, reader}) t.join(TimeUnit.SECONDS.toMillis((long) (SECONDS * 20) + 30));
            rig.settle();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(77 / 127.0, rig.number(w1), 1e-12);
            assertEquals(10 / 127.0, rig.number(w2), 1e-12);
            assertEquals(12345 / 16383.0, rig.number(w3), 1e-12);
            MidiStats s = rig.service.stats();
            assertEquals(0, s.dropped());
            assertEquals(2L * perSender + values * 4L, s.messages());
            // at most one registry write per parameter per 5 ms tick, however many messages arrived
            assertTrue(s.applied() <= 3 * (elapsedMs / 5 + 2), s.applied() + " writes in " + elapsedMs + " ms: " + s);
            assertTrue(s.coalesced() > s.messages() / 2, "coalesced: " + s);
            System.out.printf("flood: %d messages in %d ms, %d registry writes, %d coalesced, max send %.1f us (%d sends over 1 ms), max snapshot read %.1f us, dispatcher CPU %.2f us per message%n",
                    s.messages(), elapsedMs, s.applied(), s.coalesced(), maxSendNanos.get() / 1e3, slowSends.get(), maxReadNanos.get() / 1e3,
                    (double) s.dispatcherCpuMicros() / s.messages());
        }
    }

    private interface Messages {
        ShortMessage at(int i);
    }

    /** Sends n messages paced at RATE/3 per second, in 1 ms bursts, recording the slowest send call. */
    private static Thread sender(Receiver r, int n, Messages messages, AtomicLong maxSendNanos, AtomicLong slowSends) {
        return new Thread(() -> {
            long perMs = RATE / 3 / 1000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                r.send(messages.at(i), -1);
                long took = System.nanoTime() - t0;
                maxSendNanos.accumulateAndGet(took, Math::max);
                if (took > 1_000_000) slowSends.incrementAndGet();
                if (i % perMs == perMs - 1) {
                    long due = start + (i / perMs + 1) * 1_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
            }
        });
    }
}
