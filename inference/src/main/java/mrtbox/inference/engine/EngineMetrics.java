package mrtbox.inference.engine;

/**
 * How the engine is doing, as one immutable value published by the metering thread a few times a second and
 * readable from any thread. The appliance turns it into the control module's status report.
 *
 * @param model              model name
 * @param playing            transport state
 * @param audible            the output is playing audio (not waiting, stopped or starved)
 * @param stepsCompleted     model steps completed since start
 * @param stepMsMedian       step time over the recent window (up to 256 steps), milliseconds
 * @param stepMsP95          95th percentile
 * @param stepMsP99          99th percentile
 * @param stepMsMax          slowest step in the window
 * @param realTimeFactor     audio seconds per step divided by the median step time of the window (>= 1 keeps up; 0 before the first step)
 * @param leadMs             audio buffered ahead of the output (ring plus the limiter's look-ahead)
 * @param underruns          times the output ran dry while playing (each one faded out and in)
 * @param droppedSteps       model steps that failed or could not be written
 * @param stalls             watchdog recoveries: hung steps abandoned, or steps failing for the stall time
 * @param limiterReductionDb deepest limiter gain reduction in the last audio block, positive dB
 * @param peakDb             output peak per channel over the last interval, dBFS
 * @param rmsDb              output RMS per channel over the last interval, dBFS
 * @param spectrumDb         log-band spectrum column of the output, 30 Hz..20 kHz, dBFS
 * @param lastError          the most recent error message, empty when none
 */
public record EngineMetrics(String model, boolean playing, boolean audible, long stepsCompleted, double stepMsMedian,
                            double stepMsP95, double stepMsP99, double stepMsMax, double realTimeFactor, double leadMs,
                            long underruns, long droppedSteps, long stalls, double limiterReductionDb, double[] peakDb,
                            double[] rmsDb, float[] spectrumDb, String lastError) {
    public EngineMetrics {
        peakDb = peakDb.clone();
        rmsDb = rmsDb.clone();
        spectrumDb = spectrumDb.clone();
    }

    @Override public double[] peakDb() { return peakDb.clone(); }
    @Override public double[] rmsDb() { return rmsDb.clone(); }
    @Override public float[] spectrumDb() { return spectrumDb.clone(); }
}
