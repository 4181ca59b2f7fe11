package mrtbox.inference.engine;

import java.util.function.Supplier;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;

/**
 * One model step at a time into the ring: reads one controls snapshot, runs the model into a reused buffer,
 * and publishes the result, marking stale audio for the audio thread when a reset happened. Shared by the
 * real-time generation thread and the offline renderer; used by one thread at a time.
 */
final class Generator {
    private final StreamingModel model;
    private final ModelInfo info;
    private final FloatRing ring;
    private final Transport transport;
    private final Supplier<StepControls> controls;
    private final float[] stepBuffer;
    private long seenResets;
    private long seenSwaps;
    private boolean swapOnNextWrite;
    private long swapFramesOwed;   // new-stream frames the crossfade still needs (step without pacing until then)
    private boolean flushOnNextWrite;
    private RuntimeException lastFailure;
    private GuardedStep guard;

    Generator(StreamingModel model, FloatRing ring, Transport transport, Supplier<StepControls> controls) {
        this.model = model;
        this.info = model.info();
        this.ring = ring;
        this.transport = transport;
        this.controls = controls;
        this.stepBuffer = new float[info.samplesPerStep() * info.channels()];
        this.seenResets = transport.resetRequests();
        this.seenSwaps = transport.swapRequests();
    }

    /** Puts the output guard around every later step (the live engine does; renders and benches do not). */
    void guard(GuardedStep g) {
        this.guard = g;
    }

    ModelInfo info() {
        return info;
    }

    int stepFloats() {
        return stepBuffer.length;
    }

    /** Resets the model if someone asked since the last look; returns whether it did. */
    boolean applyPendingReset() {
        long requests = transport.resetRequests();
        if (requests == seenResets) return false;
        seenResets = requests;
        resetNow();
        return true;
    }

    /**
     * Runs a requested state swap at this step boundary (the model is ours here); the next published step starts the
     * new stream, which the output crossfades in from the audio already buffered. Returns whether it ran one.
     */
    boolean applyPendingSwap() {
        long requests = transport.swapRequests();
        if (requests == seenSwaps) return false;
        seenSwaps = requests;
        Runnable action = transport.takeSwapAction();
        if (action == null) return false;
        action.run();
        swapOnNextWrite = true;
        swapFramesOwed = transport.swapFade().frames() + info.samplesPerStep();
        return true;
    }

    /** True while a swap's crossfade still waits for new audio: the next step starts at once. */
    boolean swapPending() {
        return swapOnNextWrite || swapFramesOwed > 0;
    }

    /** Resets the model with the transport's seed; the next published step replaces whatever is buffered. */
    void resetNow() {
        model.reset(transport.seed());
        if (guard != null) guard.streamRestarted();
        flushOnNextWrite = true;
    }

    /** True when the next step should start at once: it replaces stale audio. */
    boolean flushPending() {
        return flushOnNextWrite;
    }

    /** Runs one step into the step buffer; returns false (keeping the failure) when the model threw. */
    boolean step() {
        try {
            model.step(controls.get(), stepBuffer);
            if (guard != null) guard.afterStep(controls, stepBuffer);
            return true;
        } catch (RuntimeException e) {
            lastFailure = e;
            return false;
        }
    }

    RuntimeException lastFailure() {
        return lastFailure;
    }

    /** Writes the last step into the ring; the caller made sure it fits. Returns false if it did not. */
    boolean publish() {
        if (ring.free() < stepBuffer.length) return false;
        if (flushOnNextWrite) {
            transport.flushBefore(ring.writePosition());
            flushOnNextWrite = false;
        }
        if (swapOnNextWrite) {
            transport.markSwap(ring.writePosition());
            swapOnNextWrite = false;
        }
        boolean wrote = ring.write(stepBuffer, 0, stepBuffer.length);
        if (wrote && swapFramesOwed > 0) swapFramesOwed = Math.max(0, swapFramesOwed - info.samplesPerStep());
        return wrote;
    }

    /** The last step's samples (for the offline renderer's bookkeeping and tests). */
    float[] stepBuffer() {
        return stepBuffer;
    }
}
