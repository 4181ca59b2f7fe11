package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import mrtbox.inference.model.ModelInfo;
import org.junit.jupiter.api.Test;

/** Fades, underruns, flushes, volume and mute on the audio-thread side, driven block by block by hand. */
class OutputChainTest {
    private static final ModelInfo INFO = new ModelInfo("t", ModelInfo.Shape.FRAME, 48000, 2, 1920, false);
    private static final int BLOCK = 256;
    private static final int FADE = 480;   // 10 ms

    private final FloatRing ring = new FloatRing(1 << 16);
    private final Transport transport = new Transport(true);
    private final OutputChain chain = Engine.buildChain(INFO,
            EngineSettings.builder().limiterEnabled(false).build(), ring, transport, 1920);
    private final float[] block = new float[BLOCK * 2];
    private long written;

    /** Writes {@code frames} of a 0.8 DC level (so every fade shows as a ramp in the samples). */
    private void feed(int frames) {
        float[] f = new float[frames * 2];
        java.util.Arrays.fill(f, 0.8f);
        assertTrue(ring.write(f, 0, f.length));
        written += frames;
    }

    private float[] pull(int blocks) {
        float[] all = new float[blocks * BLOCK * 2];
        for (int b = 0; b < blocks; b++) {
            chain.render(block, BLOCK);
            System.arraycopy(block, 0, all, b * BLOCK * 2, BLOCK * 2);
        }
        return all;
    }

    /** Largest sample-to-sample change per channel, counting from silence before the first sample. */
    private static float largestStep(float[] interleaved) {
        return largestStep(interleaved, 0f);
    }

    private static float largestStep(float[] interleaved, float before) {
        float max = Math.abs(interleaved[0] - before);
        for (int i = 2; i < interleaved.length; i++) max = Math.max(max, Math.abs(interleaved[i] - interleaved[i - 2]));
        return max;
    }

    @Test
    void silentUntilPlayThenFadesInOverTheFadeTime() {
        feed(4000);
        float[] before = pull(2);
        for (float v : before) assertEquals(0f, v, "not playing yet");
        transport.setPlaying(true);
        float[] out = pull(4);
        assertEquals(0.8f / FADE, out[0], 1e-6);
        assertEquals(0.8f, out[(FADE - 1) * 2], 1e-6);
        assertEquals(0.8f, out[out.length - 1], 0f);
        assertTrue(largestStep(out) <= 0.8f / FADE + 1e-6);
    }

    @Test
    void waitsForTheResumeLevelBeforeStarting() {
        transport.setPlaying(true);
        feed(1000);   // below 1920 + guard
        for (float v : pull(2)) assertEquals(0f, v);
        assertEquals(0, chain.underruns(), "waiting for the first audio is not an underrun");
        feed(2000);
        float[] out = pull(1);
        assertTrue(out[out.length - 1] > 0f);
    }

    @Test
    void underrunFadesOutWithTheGuardAndIsCounted() {
        transport.setPlaying(true);
        feed(3000);
        float[] all = pull(11);   // 2816 frames requested, 3000 written: the guard forces the fade early
        assertEquals(1, chain.underruns());
        float largest = largestStep(all);
        assertTrue(largest <= 0.8f / FADE + 1e-6, "fade out must be a ramp, largest step " + largest);
        assertEquals(0f, all[all.length - 1], "silent after the fade");
        // recovery: fades back in, no second underrun while the buffer holds
        feed(6000);
        float[] back = pull(8);
        assertTrue(largestStep(back) <= 0.8f / FADE + 1e-6);
        assertEquals(0.8f, back[back.length - 1], 0f);
        assertEquals(1, chain.underruns());
    }

    @Test
    void stopFadesOutOverTheStopFadeAndHoldsTheRest() {
        transport.setPlaying(true);
        feed(20000);
        pull(4);
        transport.setPlaying(false);
        float[] out = pull(20);
        assertTrue(largestStep(out, 0.8f) <= 0.8f / 2400 + 1e-6, "50 ms stop fade");
        assertEquals(0f, out[out.length - 1]);
        long readAfterStop = ring.readPosition();
        pull(4);
        assertEquals(readAfterStop, ring.readPosition(), "stopped output does not consume");
        assertEquals(0, chain.underruns());
    }

    @Test
    void flushFadesOutStaleAudioSkipsItAndFadesInTheNew() {
        transport.setPlaying(true);
        feed(6000);
        pull(4);
        // a reset: fresh audio of a different level follows a flush mark
        long mark = ring.writePosition();
        float[] fresh = new float[4000 * 2];
        java.util.Arrays.fill(fresh, -0.5f);
        ring.write(fresh, 0, fresh.length);
        transport.flushBefore(mark);
        float[] out = pull(8);
        assertTrue(largestStep(out, 0.8f) <= 0.8f / FADE + 1e-6, "both fades are ramps");
        assertEquals(-0.5f, out[out.length - 1], 0f, "new audio after the flush");
        for (float v : out) assertTrue(v >= -0.5f && v <= 0.8f, "no stale and new audio mixed beyond the levels");
        assertEquals(0, chain.underruns());
    }

    @Test
    void offlineFlushPlaysUpToTheMarkAndFadesAroundItDroppingNothing() {
        Transport offline = new Transport(false);
        FloatRing r = new FloatRing(1 << 16);
        OutputChain c = Engine.buildChain(INFO, EngineSettings.builder().limiterEnabled(false).build(), r, offline, 1920);
        offline.setPlaying(true);
        float[] old = new float[5000 * 2];
        java.util.Arrays.fill(old, 0.8f);
        r.write(old, 0, old.length);
        long mark = r.writePosition();
        float[] fresh = new float[5000 * 2];
        java.util.Arrays.fill(fresh, -0.5f);
        r.write(fresh, 0, fresh.length);
        offline.flushBefore(mark);
        float[] all = new float[32 * BLOCK * 2];
        for (int b = 0; b < 32; b++) {
            c.render(block, BLOCK);
            System.arraycopy(block, 0, all, b * BLOCK * 2, BLOCK * 2);
        }
        // frame 5000 - 480 .. 5000: fading out; 5000 .. 5480: fading in; nothing skipped
        assertEquals(0.8f, all[2 * 4000], 0f);
        assertEquals(0f, all[2 * 4999], 1e-6);
        assertEquals(-0.5f / FADE, all[2 * 5000], 1e-6, "the first new frame, fading in");
        assertEquals(-0.5f, all[2 * 6000], 0f);
        assertTrue(largestStep(all) <= 0.8f / FADE + 1e-6);
        assertEquals(0, c.underruns());
    }

    @Test
    void volumeAndMuteAreSmoothedAndUnityIsBitExact() {
        transport.setPlaying(true);
        feed(30000);
        pull(4);
        float[] unity = pull(1);
        assertEquals(0.8f, unity[0], 0f, "0 dB multiplies by exactly 1");
        chain.volume().setVolumeDb(-6.0206);
        float[] down = pull(20);
        assertEquals(0.4f, down[down.length - 1], 1e-4);
        assertTrue(largestStep(java.util.Arrays.copyOfRange(down, 0, 200), 0.8f) < 0.01f, "smoothed, not stepped");
        chain.volume().setMuted(true);
        float[] muted = pull(25);
        assertEquals(0f, muted[muted.length - 1], 0f);
    }
}
