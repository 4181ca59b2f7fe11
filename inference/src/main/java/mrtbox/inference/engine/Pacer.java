package mrtbox.inference.engine;

import mrtbox.inference.model.ModelInfo;

/**
 * Decides when the generation thread starts the next step, from how much audio is buffered (pacing by
 * consumption: the output drains the buffer at the sample rate, so "frames buffered" is also "time left").
 */
interface Pacer {

    /** Nanoseconds to wait before starting the next step; 0 = start now. */
    long nanosUntilNextStep(long bufferedFrames);

    /** Called with each completed step's duration. */
    default void stepCompleted(long nanos) {}

    /** Frames that must fit in the ring: the most this pacer ever lets the buffer hold, plus one step. */
    long peakBufferedFrames();

    static Pacer forModel(ModelInfo info, EngineSettings settings) {
        int rate = info.sampleRate();
        return info.shape() == ModelInfo.Shape.FRAME
                ? new LeadPacer(rate, EngineSettings.frames(settings.leadMs(), rate), info.samplesPerStep())
                : new JustInTimePacer(rate, EngineSettings.frames(settings.chunkMarginMs(), rate), info.samplesPerStep());
    }

    static long framesToNanos(long frames, int sampleRate) {
        return frames * 1_000_000_000L / sampleRate;
    }

    /** Frame models: keep at least {@code leadFrames} buffered; step whenever the buffer is below that. */
    final class LeadPacer implements Pacer {
        private final int sampleRate;
        private final long leadFrames;
        private final int stepFrames;

        LeadPacer(int sampleRate, long leadFrames, int stepFrames) {
            this.sampleRate = sampleRate;
            this.leadFrames = leadFrames;
            this.stepFrames = stepFrames;
        }

        @Override
        public long nanosUntilNextStep(long bufferedFrames) {
            return bufferedFrames < leadFrames ? 0 : framesToNanos(bufferedFrames - leadFrames + 1, sampleRate);
        }

        @Override
        public long peakBufferedFrames() {
            return leadFrames + stepFrames;
        }
    }

    /**
     * Chunk models, just in time: start the next chunk when the buffer has fallen to the predicted step time plus
     * a margin, so the chunk lands just before the buffer runs dry and the controls it read are as fresh as
     * possible (a change is heard about one chunk later, not two).
     */
    final class JustInTimePacer implements Pacer {
        private final int sampleRate;
        private final long marginFrames;
        private final int stepFrames;
        private final StepTimeEstimator estimate;

        JustInTimePacer(int sampleRate, long marginFrames, int stepFrames) {
            this.sampleRate = sampleRate;
            this.marginFrames = marginFrames;
            this.stepFrames = stepFrames;
            this.estimate = new StepTimeEstimator(framesToNanos(stepFrames, sampleRate));
        }

        /** Buffered frames at which the next chunk starts. */
        long startThresholdFrames() {
            return estimate.predictedNanos() * sampleRate / 1_000_000_000L + marginFrames;
        }

        @Override
        public long nanosUntilNextStep(long bufferedFrames) {
            long threshold = startThresholdFrames();
            return bufferedFrames <= threshold ? 0 : framesToNanos(bufferedFrames - threshold, sampleRate);
        }

        @Override
        public void stepCompleted(long nanos) {
            estimate.record(nanos);
        }

        @Override
        public long peakBufferedFrames() {
            // a model slower than real time never buffers more than one chunk plus the margin; a fast one starts
            // at the threshold, which is below one chunk plus margin while the prediction stays under a chunk's time
            return 2L * stepFrames + marginFrames;
        }
    }
}
