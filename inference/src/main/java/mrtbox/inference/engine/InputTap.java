package mrtbox.inference.engine;

/**
 * The read side of live audio input (the USB interface's capture): the most recent audio, by absolute frame
 * position, for the live style slot and for audio injection into the model's context. One capture thread writes;
 * any number of readers copy out without locks. Interleaved stereo float PCM at {@link #sampleRate()} (a mono
 * input is duplicated to both channels).
 */
public interface InputTap {

    int sampleRate();

    /** Always 2: readers get stereo whatever the device has. */
    default int channels() {
        return 2;
    }

    /** Frames captured since the tap started (monotonic; the position just after the newest frame). */
    long framesWritten();

    /**
     * Copies the {@code count} frames that end at absolute frame {@code endFrame} (exclusive) into {@code dst}
     * (interleaved, from index 0). Frames not captured yet, or already overwritten in the ring, are zeros.
     *
     * @return how many of the frames were real captured audio
     */
    int read(long endFrame, float[] dst, int count);

    /** No input device: nothing is ever captured. */
    InputTap NONE = new InputTap() {
        @Override
        public int sampleRate() {
            return 48_000;
        }

        @Override
        public long framesWritten() {
            return 0;
        }

        @Override
        public int read(long endFrame, float[] dst, int count) {
            java.util.Arrays.fill(dst, 0, count * 2, 0f);
            return 0;
        }

        @Override
        public String toString() {
            return "no input";
        }
    };
}
