package mrtbox.appliance.metrics;

import java.util.OptionalLong;
import mrtbox.inference.engine.StepHistogram;

/**
 * What the engine side tells the metrics beyond the status report, read from snapshots it already publishes.
 *
 * @param device           the audio output as opened (the configured name until then)
 * @param deviceUp         the output device is open and taking audio
 * @param deviceFailures   times the output device failed or vanished since start
 * @param steps            every model step's duration since start
 * @param modelLoadSeconds how long loading the model took; NaN before a load finished (or when it failed)
 * @param modelLoadFailed  the model could not be loaded
 * @param nativeBytes      native memory the TensorFlow runtime holds through JavaCPP, where that is readable
 */
public record EngineFacts(String device, boolean deviceUp, long deviceFailures, StepHistogram.Snapshot steps,
                          double modelLoadSeconds, boolean modelLoadFailed, OptionalLong nativeBytes) {

    /** Before the engine started, or without one. */
    public static EngineFacts none(String device, boolean modelLoadFailed) {
        return new EngineFacts(device, false, 0, new StepHistogram().snapshot(), Double.NaN, modelLoadFailed, OptionalLong.empty());
    }

    /** The engine component provides one; the metrics call it on the scraper's thread. */
    @FunctionalInterface
    public interface Source {
        EngineFacts facts();
    }
}
