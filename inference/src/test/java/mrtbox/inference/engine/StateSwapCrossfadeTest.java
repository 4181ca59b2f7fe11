package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mrtbox.inference.guard.EqualPowerCrossfade;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The state swap's equal-power crossfade on the audio-thread side, driven block by block by hand (the old stream
 * buffered ahead, a swap mark, the new stream after it), and once through a running engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StateSwapCrossfadeTest {
    private static final ModelInfo INFO = new ModelInfo("t", ModelInfo.Shape.FRAME, 48000, 2, 1920, false);
    private static final int BLOCK = 256;
    private static final int XF = 4800;   // 100 ms
    private static final long OLD_SEED = 3, NEW_SEED = 11;

    private final FloatRing ring = new FloatRing(1 << 17);
    private final Transport transport = new Transport(true);
    private final OutputChain chain = Engine.buildChain(INFO,
            EngineSettings.builder().limiterEnabled(false).build(), ring, transport, 1920);
    private final float[] block = new float[BLOCK * 2];

    /** Writes frames [from, from + frames) of a tone stream (the test tone's formula, no noise-free shortcut). */
    private void feed(long seed, long from, int frames) {
        float[] f = new float[frames * 2];
        for (int i = 0; i < frames; i++) {
            f[2 * i] = TestToneModel.sample(seed, from + i, 0, 0.5f);
            f[2 * i + 1] = TestToneModel.sample(seed, from + i, 1, 0.5f);
        }
        assertTrue(ring.write(f, 0, f.length));
    }

    private float[] pull(int blocks) {
        float[] all = new float[blocks * BLOCK * 2];
        for (int b = 0; b < blocks; b++) {
            chain.render(block, BLOCK);
            System.arraycopy(block, 0, all, b * BLOCK * 2, BLOCK * 2);
        }
        return all;
    }

    private static float largestStep(float[] s, int fromFrame) {
        float max = 0;
        for (int i = Math.max(2, fromFrame * 2); i < s.length; i++) max = Math.max(max, Math.abs(s[i] - s[i - 2]));
        return max;
    }

    /** The largest step the tone streams themselves take (two sines plus a 0.02 noise floor). */
    private static float toneStepBound() {
        float max = 0;
        for (long seed : new long[] {OLD_SEED, NEW_SEED}) {
            for (int i = 1; i < 48000; i++) {
                max = Math.max(max, Math.abs(TestToneModel.sample(seed, i, 0, 0.5f) - TestToneModel.sample(seed, i - 1, 0, 0.5f)));
            }
        }
        return max;
    }

    @Test
    void oldStreamPlaysToTheCrossfadeThenEqualPowerIntoTheNewWithoutAClick() {
        transport.setPlaying(true);
        feed(OLD_SEED, 0, 12_000);
        pull(10);   // fade in, then the old stream as is
        long readBefore = ring.readPosition() / 2;
        // the swap at the step boundary: 12,000 - 2,560 = 9,440 old frames still buffered ahead
        long mark = ring.writePosition();
        transport.requestSwap(() -> { }, new EqualPowerCrossfade(2, XF));
        transport.markSwap(mark);
        feed(NEW_SEED, 0, 9_600);
        int oldLeft = (int) (12_000 - readBefore);
        float[] out = pull(50);   // 12,800 frames: within what is buffered

        // untouched old stream up to the crossfade's start
        int xfStart = oldLeft - XF;
        for (int f = 0; f < xfStart; f++) {
            assertEquals(TestToneModel.sample(OLD_SEED, readBefore + f, 0, 0.5f), out[2 * f], 0f, "old frame " + f);
        }
        // the crossfade: cos/sin gains over XF frames, exactly
        for (int f = 0; f < XF; f++) {
            double a = (f + 1.0) * Math.PI / 2 / XF;
            float want = (float) (TestToneModel.sample(OLD_SEED, readBefore + xfStart + f, 0, 0.5f) * (float) Math.cos(a)
                    + TestToneModel.sample(NEW_SEED, f, 0, 0.5f) * (float) Math.sin(a));
            assertEquals(want, out[2 * (xfStart + f)], 1e-6f, "crossfade frame " + f);
        }
        // then the new stream, from the frame after those mixed in
        for (int f = xfStart + XF; f < out.length / 2; f++) {
            assertEquals(TestToneModel.sample(NEW_SEED, f - xfStart, 0, 0.5f), out[2 * f], 0f, "new frame " + f);
        }
        // no click: every sample-to-sample step stays within what the streams take themselves (plus a margin)
        float bound = toneStepBound() * 1.5f;
        assertTrue(largestStep(out, 0) <= bound, "largest step " + largestStep(out, 0) + " > " + bound);
        assertEquals(0, chain.underruns());
    }

    @Test
    void lessBufferedThanTheCrossfadeFallsBackToFadingOutToTheMarkAndInAfter() {
        transport.setPlaying(true);
        feed(OLD_SEED, 0, 4000);
        pull(4);   // 1,024 read: 2,976 ahead, less than the 4,800 asked for
        transport.requestSwap(() -> { }, new EqualPowerCrossfade(2, XF));
        transport.markSwap(ring.writePosition());
        feed(NEW_SEED, 0, 8000);
        float[] out = pull(30);
        int oldLeft = 4000 - 1024;
        // a linear fade out over the whole old lead, then the new stream faded in from its first frame
        assertEquals(TestToneModel.sample(OLD_SEED, 1024, 0, 0.5f) * (1f - 1f / oldLeft), out[0], 1e-6f);
        assertEquals(TestToneModel.sample(NEW_SEED, 1000, 0, 0.5f), out[2 * (oldLeft + 1000)], 0f, "new stream, faded in");
        assertTrue(largestStep(out, 0) <= toneStepBound() * 1.5f);
        assertEquals(0, chain.underruns());
    }

    @Test
    void newStreamTooLateFallsBackToFadingOutAndInWithoutAClick() {
        transport.setPlaying(true);
        feed(OLD_SEED, 0, 3000);
        pull(2);
        transport.requestSwap(() -> { }, new EqualPowerCrossfade(2, XF));
        transport.markSwap(ring.writePosition());
        float[] out = pull(12);   // only old audio: it plays on, then fades out to the mark
        assertTrue(largestStep(out, 0) <= toneStepBound() * 1.5f);
        feed(NEW_SEED, 0, 6000);
        float[] after = pull(12);   // fades in on the new stream
        assertTrue(largestStep(after, 0) <= toneStepBound() * 1.5f);
        assertEquals(TestToneModel.sample(NEW_SEED, 10 * BLOCK, 0, 0.5f), after[2 * (10 * BLOCK)], 0f, "new stream, faded in");
    }

    @Test
    void engineRunsTheSwapOnTheGenerationThreadAndCrossfadesWithoutUnderruns() throws Exception {
        swapsOnTheGenerationThreadWithoutAClick(TestToneModel.frames(2_000_000), EngineSettings.builder().leadMs(400), 800, 100, 1200);
    }

    /** MRT v1's shape: the swap waits for the next chunk boundary (half-second chunks here), then crossfades. */
    @Test
    void aChunkModelSwapsAtItsNextChunkBoundaryAndCrossfadesWithoutUnderruns() throws Exception {
        swapsOnTheGenerationThreadWithoutAClick(TestToneModel.chunks(24_000, 50_000_000), EngineSettings.builder(), 1200, 200, 1800);
    }

    private void swapsOnTheGenerationThreadWithoutAClick(TestToneModel model, EngineSettings.Builder settings, long playMs, double crossfadeMs,
                                                          long afterMs) throws Exception {
        AtomicReference<String> swappedOn = new AtomicReference<>();
        StepControls plain = new StepControls(null, null, 1f, 40, 0f, null, Map.of());
        try (Engine engine = new Engine(model, () -> plain, settings.limiterEnabled(false).build());
             ClockedListener out = new ClockedListener(engine.output(), 10)) {
            engine.setSeed(OLD_SEED);
            engine.start();
            engine.play();
            Thread.sleep(playMs);
            int framesAtSwap = out.frames();
            engine.swapState(() -> {
                swappedOn.set(Thread.currentThread().getName());
                model.reset(NEW_SEED);   // the model's state changes at the step boundary
            }, crossfadeMs);
            Thread.sleep(afterMs);
            assertTrue(swappedOn.get() != null && swappedOn.get().startsWith("mrtbox-generation-"), "ran on " + swappedOn.get());
            float[] s = out.samples();
            float bound = toneStepBound() * 1.5f;
            assertTrue(largestStep(s, framesAtSwap) <= bound, "largest step after the swap " + largestStep(s, framesAtSwap));
            // the new stream plays: the last frames are the new seed's tone, in step with some frame of it
            int last = s.length / 2 - 1;
            boolean newStream = false;
            for (long i = 0; i < 96_000 && !newStream; i++) {
                newStream = TestToneModel.sample(NEW_SEED, i, 0, 0.5f) == s[2 * last]
                        && TestToneModel.sample(NEW_SEED, i - 1, 0, 0.5f) == s[2 * last - 2];
            }
            assertTrue(newStream, "the output follows the new stream");
            assertEquals(0, engine.metrics().underruns());
        }
    }

    @Test
    void longestCrossfadeIsWhatTheBufferedLeadHoldsInTime() {
        StepControls plain = new StepControls(null, null, 1f, 40, 0f, null, Map.of());
        try (Engine frames = new Engine(TestToneModel.frames(0), () -> plain, EngineSettings.builder().build());
             Engine chunks = new Engine(TestToneModel.chunks(96_000, 0), () -> plain, EngineSettings.builder().build())) {
            assertEquals((7680 - 1920 - 480) / 2, frames.maxCrossfadeFrames(), "MRT2 shape at the 160 ms lead: 55 ms");
            assertEquals(12_000 - 480, chunks.maxCrossfadeFrames(), "chunk shape at the 250 ms margin: 240 ms");
        }
    }
}
