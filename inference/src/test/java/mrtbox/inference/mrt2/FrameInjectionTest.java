package mrtbox.inference.mrt2;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.inject.ArrayInputTap;
import mrtbox.inference.inject.InjectionControls;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MRT2 audio injection on tiny-mrt2 (real step, seeded random weights) with the tiny encoder: once the first block
 * has been encoded (one block after switching on), each frame must leave exactly the state of the same model whose
 * previous-frame slot was seeded by hand with the directly encoded mix; injection off must leave the state of a
 * model without input.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class FrameInjectionTest {
    private static final long SEED = 9;
    private static final int CAPTURED = 120_000;
    private static final int WINDOW = (FrameInjector.PREFIX_FRAMES + FrameInjector.BLOCK_FRAMES) * 1920;
    private static final int[] STYLE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private static Mrt2FrameModel injected;
    private static Mrt2FrameModel plain;
    private static ArrayInputTap tap;
    private static SpectroStreamEncoder reference;

    @BeforeAll
    static void load() throws Exception {
        injected = Mrt2Models.tiny(SEED, true);
        plain = Mrt2Models.tiny(SEED, true);
        tap = new ArrayInputTap(ArrayInputTap.signal(CAPTURED));
        injected.attachInput(tap, SpectroStreamEncoder.tiny(SEED));
        reference = SpectroStreamEncoder.tiny(SEED);
    }

    @AfterAll
    static void close() {
        injected.close();
        plain.close();
        reference.close();
    }

    private static StepControls controls(boolean inject, double feedback, double delayMs) {
        return new StepControls(STYLE, null, 1.0f, 40, 3f, NoteFrame.SILENT, Map.of(InjectionControls.INJECT, inject ? 1.0 : 0.0,
                InjectionControls.FEEDBACK, feedback, InjectionControls.DELAY_MS, delayMs));
    }

    /** The block's unique ids by hand: encode the mix directly, keep the frames after the prefix. */
    private static int[][] idsByHand(float[] mix) {
        int[][] codes = reference.encode(mix, 48_000, 12);
        assertEquals(FrameInjector.PREFIX_FRAMES + FrameInjector.BLOCK_FRAMES, codes.length);
        int[][] ids = new int[FrameInjector.BLOCK_FRAMES][12];
        for (int f = 0; f < ids.length; f++) for (int k = 0; k < 12; k++) ids[f][k] = Mrt2Vocab.audioId(k, codes[FrameInjector.PREFIX_FRAMES + f][k]);
        return ids;
    }

    private static void assertSameState(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) assertArrayEquals(expected.get(k), actual.get(k), what + ": state " + k);
    }

    @Test
    void injectingFramesSeedTheHistoryWithTheEncodedMixOfInputAndOutput() {
        tap.framesWritten(CAPTURED);
        injected.reset(3);
        plain.reset(3);
        float[] a = new float[1920 * 2];
        float[] b = new float[1920 * 2];
        float[] emitted = new float[WINDOW * 2];   // the newest output, silence before the first frame
        for (int f = 0; f < 3; f++) {
            injected.step(controls(false, 0.5, 0), a);
            plain.step(controls(false, 0.5, 0), b);
            assertArrayEquals(b, a);
            System.arraycopy(emitted, 1920 * 2, emitted, 0, (WINDOW - 1920) * 2);
            System.arraycopy(a, 0, emitted, (WINDOW - 1920) * 2, 1920 * 2);
        }
        // input 20 ms late, feedback 0.5
        float[] in = tap.window(CAPTURED - 960, WINDOW);
        float[] mix = new float[in.length];
        for (int i = 0; i < mix.length; i++) mix[i] = 0.5f * emitted[i] + in[i];
        int[][] ids = idsByHand(mix);

        // the block is encoded on the worker while 25 frames play: they are still the model's own
        for (int f = 0; f < FrameInjector.BLOCK_FRAMES; f++) {
            injected.step(controls(true, 0.5, 20), a);
            plain.step(controls(false, 0.5, 0), b);
            assertArrayEquals(b, a, "frame " + f + " before the first block arrives");
        }
        assertSameState(plain.llm().saveState(), injected.llm().saveState(), "before the first block");
        assertEquals(CAPTURED - 960, injected.injector().mixer().lastInputEnd(), "20 ms = 960 frames earlier");
        for (int f = 0; f < 2; f++) {
            injected.step(controls(true, 0.5, 20), a);
            plain.llm().seedPrevious(ids[f]);
            plain.step(controls(false, 0.5, 0), b);
            assertArrayEquals(plain.lastIds(), injected.lastIds(), "frame " + f);
            assertSameState(plain.llm().saveState(), injected.llm().saveState(), "injected frame " + f);
            assertArrayEquals(b, a);
        }
        assertTrue(injected.injector().lastEncodeNanos() > 0);
    }

    @Test
    void theHistoryDiffersFromTheModelsOwnAndFeedbackExtremesEncodeInputOrOutputAlone() {
        tap.framesWritten(CAPTURED);
        injected.reset(4);
        plain.reset(4);
        float[] a = new float[1920 * 2];
        float[] b = new float[1920 * 2];
        for (int f = 0; f < 60; f++) {
            injected.step(controls(f >= 2, 0.95, 0), a);
            plain.step(controls(false, 0.95, 0), b);
        }
        assertFalse(Arrays.equals(plain.llm().saveState().get("temporal_0/self_key"), injected.llm().saveState().get("temporal_0/self_key")),
                "33 injected frames changed the model's memory");

        FrameInjector inj = injected.injector();
        assertArrayEquals(idsByHand(tap.window(CAPTURED, WINDOW)), toIds(inj.blockCodes(InjectionControls.of(controls(true, 0, 0)))),
                "feedback 0: the input alone");
        tap.framesWritten(0);   // nothing captured: the input is silence
        float[] outputOnly = inj.mixer().mix(InjectionControls.of(controls(true, 1, 0))).clone();
        assertArrayEquals(idsByHand(outputOnly), toIds(inj.blockCodes(InjectionControls.of(controls(true, 1, 0)))),
                "silent input, feedback 1: the output alone");
        tap.framesWritten(CAPTURED);
        float[] lastFrame = Arrays.copyOfRange(outputOnly, (WINDOW - 1920) * 2, WINDOW * 2);
        assertArrayEquals(a, lastFrame, "the output in the mix is what the model played last");
        boolean sound = false;
        for (float v : outputOnly) sound |= v != 0;
        assertTrue(sound, "the model's output is in the history");
    }

    @Test
    void injectionOffLeavesTheStateOfAModelWithoutInput() {
        tap.framesWritten(CAPTURED);
        injected.reset(5);
        plain.reset(5);
        float[] a = new float[1920 * 2];
        float[] b = new float[1920 * 2];
        for (int f = 0; f < 4; f++) {
            injected.step(controls(false, 0.95, 0), a);
            plain.step(controls(false, 0.95, 0), b);
            assertArrayEquals(b, a);
        }
        assertSameState(plain.llm().saveState(), injected.llm().saveState(), "injection off");
    }

    private static int[][] toIds(int[][] codes) {
        int[][] ids = new int[codes.length][12];
        for (int f = 0; f < codes.length; f++) for (int k = 0; k < 12; k++) ids[f][k] = Mrt2Vocab.audioId(k, codes[f][k]);
        return ids;
    }
}
