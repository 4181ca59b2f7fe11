package mrtbox.inference.codec;

/**
 * The post-processing MRT2's exported step applies after the codec (MagentaRT2Sampler {@code _float_samples_to_int16},
 * then the C++ engine's /32768): gain 0.5 (-6 dB), clip, round to int16. Kept out of the decoder on purpose: MRT v1
 * does not do it. Computed in float32 with round-half-even, as the golden case requires.
 */
public final class Mrt2OutputQuantizer {
    private Mrt2OutputQuantizer() {}

    public static short toInt16(float y) {
        float h = 0.5f * y;
        float c = h < -1f ? -1f : (h > 1f ? 1f : h);
        return (short) Math.rint(32767.5f * c - 0.5f);
    }

    public static short[] toInt16(float[] audio) {
        short[] out = new short[audio.length];
        for (int i = 0; i < audio.length; i++) out[i] = toInt16(audio[i]);
        return out;
    }

    /** What the MRT2 engine plays: int16 back to float by /32768, in place. */
    public static void apply(float[] audio) {
        for (int i = 0; i < audio.length; i++) audio[i] = toInt16(audio[i]) / 32768f;
    }
}
