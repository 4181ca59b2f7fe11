package mrtbox.appliance.audio;

/**
 * Something mixed into the output on the audio thread, after the engine's block and before the device: input
 * monitoring, the latency calibration's click. Runs on the audio thread once per block: no allocation, locks,
 * blocking or logging.
 */
@FunctionalInterface
public interface OutputInsert {
    /** Adds to (or replaces) {@code frames} interleaved stereo frames of {@code block} in place. */
    void process(float[] block, int frames);

    /** Nothing inserted. */
    OutputInsert NONE = (block, frames) -> {};

    /** Runs each insert in order. */
    static OutputInsert chain(OutputInsert... inserts) {
        OutputInsert[] all = inserts.clone();
        return (block, frames) -> {
            for (OutputInsert i : all) i.process(block, frames);
        };
    }
}
