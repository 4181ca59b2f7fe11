package mrtbox.inference.model;

/**
 * A music model the engine can stream from. Both kinds implement it: MRT v1 (one step = one 2 s chunk,
 * crossfaded inside the model) and MRT2 (one step = one 40 ms frame). The engine calls {@link #step} from its
 * single generation thread only; implementations need not be thread-safe.
 */
public interface StreamingModel extends AutoCloseable {

    ModelInfo info();

    /** Forgets the musical context and starts afresh; the same seed gives the same music for the same controls. */
    void reset(long seed);

    /**
     * Generates the next step's audio.
     *
     * @param controls the controls in force for this step (read once by the engine per step)
     * @param out      interleaved float PCM in [-1, 1], exactly {@code info().samplesPerStep() * info().channels()}
     *                 values; the engine owns and reuses this array
     */
    void step(StepControls controls, float[] out);

    @Override
    void close();
}
