package mrtbox.inference.model;

/**
 * A model whose state can be copied and put back between steps, and that says which codec tokens it sampled: what
 * the output guard needs to roll back to a good state and to watch the token stream. Generation thread only.
 */
public interface RestorableModel {
    /** A copy of the live state at this step boundary, or null when none can be taken now (a prefill under way). */
    Object captureState();

    /**
     * Makes a state from {@link #captureState} live again and moves on to another take (another sampling seed), so
     * the same controls do not replay the trouble the state is restored to escape.
     */
    void restoreState(Object state);

    /**
     * Whether the last step's audio was the model's own generation; false while it replays a prefill (MRT2 plays
     * silence meanwhile), which the guard must not take for silence.
     */
    default boolean lastStepGenerated() {
        return true;
    }

    /** The codec tokens the last step sampled (the model's own array: read, do not keep), or null before the first. */
    int[] lastStepTokens();
}
