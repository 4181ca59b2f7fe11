package mrtbox.control.status;

/**
 * How the instrument is doing, as the web page, OSC status stream, OSCQuery and systemd STATUS show it. Immutable;
 * the appliance publishes a new one a few times a second from the engine's metrics.
 *
 * @param model            loaded model name ("tiny-v1", "mrt-v1-base"), empty when none
 * @param builtInNoise     the built-in tiny model with random weights is playing: it makes noise, say so plainly
 * @param playing          transport state
 * @param realTimeFactor   audio seconds generated per wall second over the last few steps (>= 1 keeps up)
 * @param leadMs           audio buffered ahead of the output, in milliseconds
 * @param underruns        output starvations since start (each one faded, never silent)
 * @param droppedSteps     model steps skipped or failed since start
 * @param limiterReductionDb current limiter gain reduction (0 = not limiting), positive dB
 * @param peakDb           output peak level per channel over the last report interval, dBFS
 * @param rmsDb            output RMS level per channel, dBFS
 * @param spectrumDb       one column of the output spectrum for the scrolling view: log-spaced bands, dBFS
 * @param stepMsMedian     model step time, median, milliseconds
 * @param stepMsP99        model step time, 99th percentile
 * @param health           "ok", "degraded: <why>" or "error: <why>"
 * @param lastError        the most recent error message, empty when none
 * @param uptimeSeconds    since the service started
 * @param input            the live audio input ({@link InputStatus#OFF} when none is configured)
 * @param guard            the output guard ({@link GuardLine#NONE} before it did anything)
 */
public record StatusReport(String model, boolean builtInNoise, boolean playing, double realTimeFactor, double leadMs,
                           long underruns, long droppedSteps, double limiterReductionDb, double[] peakDb, double[] rmsDb,
                           float[] spectrumDb, double stepMsMedian, double stepMsP99, String health, String lastError,
                           double uptimeSeconds, InputStatus input, GuardLine guard) {

    public static final StatusReport STARTING = new StatusReport("", false, false, 0, 0, 0, 0, 0,
            new double[] {-120, -120}, new double[] {-120, -120}, new float[0], 0, 0, "starting", "", 0);

    /** A report without live input (the engine's own view; the publisher adds the input's). */
    public StatusReport(String model, boolean builtInNoise, boolean playing, double realTimeFactor, double leadMs,
                        long underruns, long droppedSteps, double limiterReductionDb, double[] peakDb, double[] rmsDb,
                        float[] spectrumDb, double stepMsMedian, double stepMsP99, String health, String lastError,
                        double uptimeSeconds) {
        this(model, builtInNoise, playing, realTimeFactor, leadMs, underruns, droppedSteps, limiterReductionDb, peakDb,
                rmsDb, spectrumDb, stepMsMedian, stepMsP99, health, lastError, uptimeSeconds, InputStatus.OFF);
    }

    /** A report without the guard's line (the engine's own view; the pipeline adds the guard's). */
    public StatusReport(String model, boolean builtInNoise, boolean playing, double realTimeFactor, double leadMs,
                        long underruns, long droppedSteps, double limiterReductionDb, double[] peakDb, double[] rmsDb,
                        float[] spectrumDb, double stepMsMedian, double stepMsP99, String health, String lastError,
                        double uptimeSeconds, InputStatus input) {
        this(model, builtInNoise, playing, realTimeFactor, leadMs, underruns, droppedSteps, limiterReductionDb, peakDb,
                rmsDb, spectrumDb, stepMsMedian, stepMsP99, health, lastError, uptimeSeconds, input, GuardLine.NONE);
    }

    public StatusReport {
        input = input == null ? InputStatus.OFF : input;
        guard = guard == null ? GuardLine.NONE : guard;
        peakDb = peakDb.clone();
        rmsDb = rmsDb.clone();
        spectrumDb = spectrumDb.clone();
    }

    /** This report with the live input's status. */
    public StatusReport withInput(InputStatus input) {
        return new StatusReport(model, builtInNoise, playing, realTimeFactor, leadMs, underruns, droppedSteps,
                limiterReductionDb, peakDb, rmsDb, spectrumDb, stepMsMedian, stepMsP99, health, lastError, uptimeSeconds, input, guard);
    }

    /** This report with the output guard's line. */
    public StatusReport withGuard(GuardLine guard) {
        return new StatusReport(model, builtInNoise, playing, realTimeFactor, leadMs, underruns, droppedSteps,
                limiterReductionDb, peakDb, rmsDb, spectrumDb, stepMsMedian, stepMsP99, health, lastError, uptimeSeconds, input, guard);
    }

    /** This report with another health line and last error (the same facts otherwise). */
    public StatusReport withHealth(String health, String lastError) {
        return new StatusReport(model, builtInNoise, playing, realTimeFactor, leadMs, underruns, droppedSteps,
                limiterReductionDb, peakDb, rmsDb, spectrumDb, stepMsMedian, stepMsP99, health, lastError, uptimeSeconds, input, guard);
    }

    @Override public double[] peakDb() { return peakDb.clone(); }
    @Override public double[] rmsDb() { return rmsDb.clone(); }
    @Override public float[] spectrumDb() { return spectrumDb.clone(); }
}
