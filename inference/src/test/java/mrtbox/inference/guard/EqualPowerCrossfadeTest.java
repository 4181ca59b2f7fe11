package mrtbox.inference.guard;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The crossfade's gains, its click bound between two unrelated streams, its power, in-place use and arguments. */
@Timeout(30)
class EqualPowerCrossfadeTest {
    private static final int RATE = 48_000;

    private static float[] sine(int frames, double hz, double phase, float amp) {
        float[] s = new float[frames * 2];
        for (int f = 0; f < frames; f++) {
            float v = (float) (amp * Math.sin(phase + 2 * Math.PI * hz * f / RATE));
            s[2 * f] = v;
            s[2 * f + 1] = -v;
        }
        return s;
    }

    /** Largest change between neighbouring frames of one channel, over both channels. */
    private static float largestStep(float[] s) {
        float max = 0;
        for (int i = 2; i < s.length; i++) max = Math.max(max, Math.abs(s[i] - s[i - 2]));
        return max;
    }

    @Test
    void betweenTwoUnrelatedStreamsNoStepExceedsTheStreamsOwnStepsPlusTheGainSlope() {
        int fadeFrames = EqualPowerCrossfade.framesFor(20, RATE);
        int frames = fadeFrames + 500;
        float[] from = sine(frames, 220, 0, 0.9f);
        float[] to = sine(frames, 440, Math.PI / 2, 0.9f);   // starts at its peak: a hard switch would click
        EqualPowerCrossfade fade = new EqualPowerCrossfade(2, fadeFrames);
        fade.restart();
        float[] out = new float[frames * 2];
        // the block loop an engine would run: uneven blocks must give the same fade as one big call
        int done = 0;
        int[] blocks = {1, 7, 256, 333};
        for (int b = 0; done < frames; b++) {
            int n = Math.min(blocks[b % blocks.length], frames - done);
            float[] f = java.util.Arrays.copyOfRange(from, done * 2, (done + n) * 2);
            float[] t = java.util.Arrays.copyOfRange(to, done * 2, (done + n) * 2);
            float[] o = new float[n * 2];
            fade.mix(f, t, o, n);
            System.arraycopy(o, 0, out, done * 2, n * 2);
            done += n;
        }
        assertTrue(fade.done());
        // |Δ(a·g + b·h)| <= |Δa|·g + |Δb|·h + |a|·|Δg| + |b|·|Δh|, with g + h <= √2 and |Δg|, |Δh| <= π/(2·frames)
        float own = Math.max(largestStep(from), largestStep(to));
        double bound = Math.sqrt(2) * own + 2 * 0.9 * Math.PI / (2 * fadeFrames) + 1e-5;
        float first = Math.abs(out[0] - from[0]);   // the step from the last outgoing sample into the fade
        assertTrue(first <= bound, "entering the fade steps by " + first + " > " + bound);
        assertTrue(largestStep(out) <= bound, "largest step " + largestStep(out) + " > bound " + bound);
        float hardSwitch = Math.abs(to[0] - from[0]);
        assertTrue(hardSwitch > 4 * bound, "the test streams must click without the fade (" + hardSwitch + ")");
        // after the fade the incoming stream passes through untouched
        for (int i = fadeFrames * 2; i < out.length; i++) assertEquals(to[i], out[i], 0f);
    }

    @Test
    void theSummedPowerOfUncorrelatedNoiseStaysFlatThroughTheFade() {
        int fadeFrames = 48_000;
        Random r = new Random(7);
        float[] a = new float[fadeFrames * 2];
        float[] b = new float[fadeFrames * 2];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * 0.1);
            b[i] = (float) (r.nextGaussian() * 0.1);
        }
        EqualPowerCrossfade fade = new EqualPowerCrossfade(2, fadeFrames);
        fade.restart();
        float[] out = new float[a.length];
        fade.mix(a, b, out, fadeFrames);
        int windows = 8;
        int per = a.length / windows;
        for (int w = 0; w < windows; w++) {
            double p = 0;
            for (int i = w * per; i < (w + 1) * per; i++) p += out[i] * out[i];
            double rmsDb = 10 * Math.log10(p / per);
            assertEquals(-20, rmsDb, 0.5, "window " + w + " of the fade");   // a linear fade dips 3 dB mid-way
        }
    }

    @Test
    void gainsAreCosineAndSineOfTheFadesProgressAndInPlaceMixingWorks() {
        EqualPowerCrossfade fade = new EqualPowerCrossfade(1, 4);
        assertTrue(fade.done(), "a fade not yet started passes the incoming stream through");
        fade.restart();
        float[] from = {1, 1, 1, 1};
        float[] to = {1, 1, 1, 1};
        fade.mix(from, to, to, 4);   // out is the incoming array itself
        for (int i = 0; i < 4; i++) {
            double t = (i + 1) / 4.0;
            assertEquals(Math.cos(t * Math.PI / 2) + Math.sin(t * Math.PI / 2), to[i], 1e-6);
        }
        assertEquals(1f, to[3], 1e-6f, "the last frame is the incoming stream alone");
        assertEquals(4, fade.position());
    }

    @Test
    void badArgumentsAreRefusedWithTheirValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EqualPowerCrossfade(0, 10)).getMessage().contains("0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EqualPowerCrossfade(2, 0)).getMessage().contains("frame"));
        EqualPowerCrossfade fade = new EqualPowerCrossfade(2, 10);
        assertThrows(IllegalArgumentException.class, () -> fade.mix(new float[4], new float[4], new float[4], 3));
        assertEquals(1, EqualPowerCrossfade.framesFor(0, RATE));
        assertEquals(2400, EqualPowerCrossfade.framesFor(50, RATE));
    }
}
