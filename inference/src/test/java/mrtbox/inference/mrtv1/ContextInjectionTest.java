package mrtbox.inference.mrtv1;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.Map;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.inject.ArrayInputTap;
import mrtbox.inference.inject.InjectionControls;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MRT v1 audio injection on tiny-v1 (real LLM and codec at tiny size, seeded random weights) and the tiny encoder:
 * after a chunk with a known input, the context and the encoder rows are checked against the overwrite done by hand
 * (the same mixed audio encoded directly by a second, identically seeded encoder).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ContextInjectionTest {
    private static final long SEED = 5;
    private static final int CAPTURED = 200_000;
    private static final float[] INPUT = ArrayInputTap.signal(CAPTURED);
    private static final int[] STYLE = {3, 14, 15, 92, 65, 35};

    /** The real tiny codec, remembering its last whole-chunk decode (the model's raw output). */
    private static final class Recording implements ChunkDecoder {
        final CodecChunkDecoder codec = new CodecChunkDecoder(SpectroStreamDecoder.tiny(SEED));
        float[] last;

        @Override
        public float[] decode(int[][] frames) {
            last = codec.decode(frames);
            return last;
        }
    }

    private static Recording decoder;
    private static MrtV1ChunkModel model;
    private static ArrayInputTap tap;
    private static SpectroStreamEncoder reference;

    @BeforeAll
    static void load() throws Exception {
        decoder = new Recording();
        model = MrtV1Models.tiny(SEED, decoder);
        tap = new ArrayInputTap(INPUT);
        model.attachInput(tap, SpectroStreamEncoder.tiny(SEED));
        reference = SpectroStreamEncoder.tiny(SEED);
    }

    @AfterAll
    static void close() {
        model.close();
        reference.close();
    }

    private static StepControls controls(boolean inject, double feedback, double delayMs) {
        return new StepControls(STYLE, null, 1.1f, 40, 3.0f, null, Map.of(InjectionControls.INJECT, inject ? 1.0 : 0.0,
                InjectionControls.FEEDBACK, feedback, InjectionControls.DELAY_MS, delayMs));
    }

    /** input[end - n, end) + feedback * output, n = 126,720 frames. */
    private static float[] mixByHand(long inputEnd, float[] output, float feedback) {
        float[] in = tap.window(inputEnd, ContextInjector.MIX_SAMPLES);
        float[] mix = new float[in.length];
        for (int i = 0; i < mix.length; i++) mix[i] = feedback * output[i] + in[i];
        return mix;
    }

    /** The newest 126,720 output frames after one chunk: 30,720 frames of silence, then the chunk's raw new frames. */
    private static float[] outputAfterOneChunk(float[] decoded) {
        float[] out = new float[ContextInjector.MIX_SAMPLES * 2];
        int silent = ContextInjector.MIX_SAMPLES - ChunkCrossfade.EMIT;
        System.arraycopy(decoded, ChunkCrossfade.FADE * 2, out, silent * 2, ChunkCrossfade.EMIT * 2);
        return out;
    }

    private static int[][] tokensByHand(float[] mix) {
        int[][] codes = reference.encode(mix, 48_000, 16);
        assertEquals(66, codes.length, "126,720 samples are 66 codec frames");
        return Arrays.copyOfRange(codes, ContextInjector.LEFT_EDGE_FRAMES, codes.length);
    }

    @Test
    void aChunkWithInputOverwritesTheNewest58ContextFramesOfTheConditionalRowOnly() {
        tap.framesWritten(CAPTURED);
        model.reset(11);
        float[] out = new float[96_000 * 2];
        model.step(controls(true, 0.5, 0), out);   // chunk 0: the reference does not inject yet
        int[][] afterFirst = model.context();
        assertArrayEquals(afterFirst, model.ownContext(), "nothing injected in the first chunk");
        float[] output = outputAfterOneChunk(decoder.last);

        model.step(controls(true, 0.5, 0), out);
        int[][] injected = tokensByHand(mixByHand(CAPTURED, output, 0.5f));
        assertEquals(58, injected.length);
        int[][] expected = Arrays.stream(afterFirst).map(int[]::clone).toArray(int[][]::new);
        for (int i = 0; i < 58; i++) expected[250 - 58 + i] = injected[i];

        int[] rows = model.lastEncoderIds();
        int[] byHand = MrtV1Vocab.encoderIds(expected, afterFirst, STYLE);
        assertArrayEquals(byHand, rows, "row 0 sees the injected context, row 1 the model's own");
        int[] plain = MrtV1Vocab.encoderIds(afterFirst, STYLE);
        assertArrayEquals(Arrays.copyOfRange(plain, 1006, 2012), Arrays.copyOfRange(rows, 1006, 2012), "the unconditional row is unchanged");
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 0, 1006), Arrays.copyOfRange(rows, 0, 1006)), "the conditional row changed");

        // the state: the injected frames stay and move 50 frames older; the model's own context never holds them
        int[][] codes = ContextTokens.codesOf(model.lastIds());
        int[][] ctx = model.context();
        for (int f = 0; f < 200; f++) assertArrayEquals(expected[f + 50], ctx[f], "context frame " + f);
        for (int f = 0; f < 50; f++) assertArrayEquals(codes[f], ctx[200 + f]);
        int[][] own = model.ownContext();
        for (int f = 0; f < 200; f++) assertArrayEquals(afterFirst[f + 50], own[f], "own frame " + f);
    }

    @Test
    void feedbackZeroEncodesTheInputAloneAndFeedbackOneAddsTheWholeOutput() {
        tap.framesWritten(CAPTURED);
        model.reset(12);
        float[] out = new float[96_000 * 2];
        model.step(controls(false, 0, 0), out);
        float[] output = outputAfterOneChunk(decoder.last);
        ContextInjector inj = model.injector();

        int[][] inputOnly = inj.tokens(InjectionControls.of(controls(true, 0, 0)));
        assertArrayEquals(tokensByHand(tap.window(CAPTURED, ContextInjector.MIX_SAMPLES)), inputOnly);

        int[][] both = inj.tokens(InjectionControls.of(controls(true, 1, 0)));
        assertArrayEquals(tokensByHand(mixByHand(CAPTURED, output, 1)), both);
        assertFalse(Arrays.deepEquals(inputOnly, both), "the output is audible in the mix at feedback 1");

        tap.framesWritten(0);   // nothing captured yet: the input is silence
        int[][] outputOnly = inj.tokens(InjectionControls.of(controls(true, 1, 0)));
        assertArrayEquals(tokensByHand(output), outputOnly, "silent input, feedback 1: the model's own output re-encoded");
        tap.framesWritten(CAPTURED);
    }

    @Test
    void delayCompensationShiftsTheInputWindowByExactlyTheSetAmount() {
        tap.framesWritten(CAPTURED);
        model.reset(13);
        ContextInjector inj = model.injector();
        float[] zero = inj.mixer().mix(InjectionControls.of(controls(true, 0, 0)));
        assertEquals(CAPTURED, inj.mixer().lastInputEnd());
        assertArrayEquals(tap.window(CAPTURED, ContextInjector.MIX_SAMPLES), zero);

        // 250 ms = 12,000 frames at 48 kHz; 0.5 ms rounds to 24 frames
        float[] late = inj.mixer().mix(InjectionControls.of(controls(true, 0, 250))).clone();
        assertEquals(CAPTURED - 12_000, inj.mixer().lastInputEnd());
        assertArrayEquals(tap.window(CAPTURED - 12_000, ContextInjector.MIX_SAMPLES), late);
        float[] unshifted = tap.window(CAPTURED, ContextInjector.MIX_SAMPLES);
        for (int i = 0; i < 1000; i++) assertEquals(unshifted[2 * i], late[2 * (i + 12_000)], "frame i of the delayed window is frame i - 12000");
        inj.mixer().mix(InjectionControls.of(controls(true, 0, 0.5)));
        assertEquals(CAPTURED - 24, inj.mixer().lastInputEnd());

        int[][] delayed = inj.tokens(InjectionControls.of(controls(true, 0, 250)));
        assertArrayEquals(tokensByHand(tap.window(CAPTURED - 12_000, ContextInjector.MIX_SAMPLES)), delayed);
    }

    @Test
    void injectionOffLeavesTheContextExactlyAsWithoutInput() throws Exception {
        tap.framesWritten(CAPTURED);
        float[] a = new float[96_000 * 2];
        float[] b = new float[96_000 * 2];
        try (MrtV1ChunkModel plain = MrtV1Models.tiny(SEED, new Recording())) {
            model.reset(14);
            plain.reset(14);
            for (int chunk = 0; chunk < 2; chunk++) {
                model.step(controls(false, 0.95, 0), a);
                plain.step(controls(false, 0.95, 0), b);
                assertArrayEquals(plain.context(), model.context(), "chunk " + chunk);
                assertArrayEquals(plain.lastEncoderIds(), model.lastEncoderIds());
                assertArrayEquals(b, a);
            }
            assertNotNull(model.injector(), "the input is attached; the controls switch it off");
        }
    }
}
