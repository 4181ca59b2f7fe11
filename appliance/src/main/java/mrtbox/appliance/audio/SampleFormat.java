package mrtbox.appliance.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How float samples become bytes (little-endian): 16-, 24- or 32-bit signed integers (rounded, clipped at full
 * scale) or 32-bit IEEE float (WAV only). Encoding allocates nothing.
 */
public enum SampleFormat {
    PCM16(16, false), PCM24(24, false), PCM32(32, false), FLOAT32(32, true);

    private final int bits;
    private final boolean floating;

    SampleFormat(int bits, boolean floating) {
        this.bits = bits;
        this.floating = floating;
    }

    public int bits() {
        return bits;
    }

    public boolean floating() {
        return floating;
    }

    public int bytesPerSample() {
        return bits / 8;
    }

    /** "16", "24", "32" (integer) or "float", as the config and the command line write them. */
    public static SampleFormat parse(String text) {
        switch (text.trim().toLowerCase()) {
            case "16": return PCM16;
            case "24": return PCM24;
            case "32": return PCM32;
            case "float": case "f32": case "32f": return FLOAT32;
            default: throw new IllegalArgumentException("sample format '" + text + "' is not one of 16, 24, 32, float");
        }
    }

    /** Encodes {@code count} samples into {@code out} from index 0; returns the bytes written. */
    public int encode(float[] in, int count, byte[] out) {
        int o = 0;
        switch (this) {
            case PCM16 -> {
                for (int i = 0; i < count; i++) {
                    int v = (int) Math.round(clip(in[i]) * 32767.0);
                    out[o++] = (byte) v;
                    out[o++] = (byte) (v >> 8);
                }
            }
            case PCM24 -> {
                for (int i = 0; i < count; i++) {
                    int v = (int) Math.round(clip(in[i]) * 8388607.0);
                    out[o++] = (byte) v;
                    out[o++] = (byte) (v >> 8);
                    out[o++] = (byte) (v >> 16);
                }
            }
            case PCM32 -> {
                for (int i = 0; i < count; i++) {
                    int v = (int) Math.round(clip(in[i]) * 2147483647.0);
                    out[o++] = (byte) v;
                    out[o++] = (byte) (v >> 8);
                    out[o++] = (byte) (v >> 16);
                    out[o++] = (byte) (v >> 24);
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < count; i++) {
                    int v = Float.floatToRawIntBits(in[i]);
                    out[o++] = (byte) v;
                    out[o++] = (byte) (v >> 8);
                    out[o++] = (byte) (v >> 16);
                    out[o++] = (byte) (v >> 24);
                }
            }
        }
        return o;
    }

    /** The inverse of {@link #encode} for one sample at {@code offset}: what tests and analysis read back. */
    public float decode(byte[] data, int offset) {
        ByteBuffer b = ByteBuffer.wrap(data, offset, bytesPerSample()).order(ByteOrder.LITTLE_ENDIAN);
        return switch (this) {
            case PCM16 -> b.getShort() / 32767f;
            case PCM24 -> ((data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8 | data[offset + 2] << 16) / 8388607f;
            case PCM32 -> (float) (b.getInt() / 2147483647.0);
            case FLOAT32 -> b.getFloat();
        };
    }

    private static double clip(float x) {
        return x > 1f ? 1.0 : x < -1f ? -1.0 : Float.isNaN(x) ? 0.0 : x;
    }
}
