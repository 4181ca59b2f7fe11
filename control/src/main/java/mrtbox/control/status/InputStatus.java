package mrtbox.control.status;

/**
 * The live audio input as the status shows it (the page's meter, {@code /mrtbox/status/input/...} over OSC).
 *
 * @param enabled        input configured on ({@code audio.input.enabled})
 * @param device         the capture device as configured and, once open, which one it found
 * @param open           the device is open and delivering audio
 * @param peakDb         input peak per channel over the last 100 ms, dBFS, before the input gain
 * @param rmsDb          input RMS per channel, dBFS
 * @param clippedSamples samples at full scale since the start (the interface's converter clipped)
 * @param framesCaptured frames captured since the start
 * @param failures       times the device failed or vanished
 * @param reopens        times it came back
 * @param error          why the input is not delivering audio, empty when it is (or when it is off)
 * @param calibration    the latency calibration: empty (never run), "measuring", the result or why it failed
 */
public record InputStatus(boolean enabled, String device, boolean open, double[] peakDb, double[] rmsDb,
                          long clippedSamples, long framesCaptured, long failures, long reopens, String error,
                          String calibration) {

    /** Input off (the default). */
    public static final InputStatus OFF = new InputStatus(false, "", false, new double[] {-120, -120},
            new double[] {-120, -120}, 0, 0, 0, 0, "", "");

    public InputStatus {
        calibration = calibration == null ? "" : calibration;
        peakDb = peakDb.clone();
        rmsDb = rmsDb.clone();
    }

    public InputStatus withCalibration(String text) {
        return new InputStatus(enabled, device, open, peakDb, rmsDb, clippedSamples, framesCaptured, failures, reopens, error, text);
    }

    @Override public double[] peakDb() { return peakDb.clone(); }
    @Override public double[] rmsDb() { return rmsDb.clone(); }
}
