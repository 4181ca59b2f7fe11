package mrtbox.inference.guard;

/**
 * One check's per-step look at the generated audio and tokens. Cheap (a pass over the step's samples and tokens,
 * no allocation after construction), generation thread only.
 */
interface Detector {
    /**
     * Whether this step looks bad.
     *
     * @param audio     the step's interleaved samples from index 0
     * @param samples   how many of them
     * @param tokens    the codec tokens the model sampled for this step, or null when it does not say
     * @param muted     whether the output is muted now
     * @param threshold the check's threshold in force
     */
    boolean suspicious(float[] audio, int samples, int[] tokens, boolean muted, double threshold);

    /** Forgets everything seen (a new stream began: rollback, reset). */
    void reset();
}
