package mrtbox.inference.mrt2;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;

/**
 * Prefill scheduling for one {@link Mrt2FrameModel} (spec section 2.7): a token prefill forces frames 0..N-2 through
 * the model and the codec (sampling skipped; notes masked, style from the controls), seeds frame N-1 as the previous
 * frame without a step, and makes the result the reset target and the live state. It runs at once on the thread
 * that owns the model ({@link #run}), or is handed over by any thread ({@link #schedule}) and run by the generation
 * thread within a time budget per step ({@link #advance}), which then plays silence.
 */
public final class Mrt2Prefill {
    /** Frames of the reference's silent prefill: 22 s. */
    public static final int SILENT_FRAMES = 550;

    /** How the prefill drives its model: the model forces each frame the way it steps. */
    interface Forcing {
        /** Clears the live state (LLM and codec) before the first forced frame. */
        void begin();

        /** One forced frame (unique ids [12]) with these controls, through the LLM and the codec. */
        void force(int[] frame, StepControls controls);

        /** Seeds the last frame as the previous frame and makes the live state the reset target. */
        void finish(int[] lastFrame);
    }

    /** A prefill in progress: frames [N][12] in unique ids, the next one to force, whether the style is masked. */
    private static final class Run {
        final int[][] frames;
        final boolean maskStyle;
        int next;

        Run(int[][] frames, boolean maskStyle) {
            this.frames = frames;
            this.maskStyle = maskStyle;
        }
    }

    private final Forcing model;
    /** A prefill handed over by another thread, started by the generation thread at its next step. */
    private final AtomicReference<Run> pending = new AtomicReference<>();
    private volatile Run running;
    private long budgetNanos = 20_000_000L;

    Mrt2Prefill(Forcing model) {
        this.model = model;
    }

    /** A token prefill at once, on the calling thread (which must own the model: renders, tests). */
    public void run(int[][] frames, StepControls controls) {
        runToEnd(new Run(checkedFrames(frames), false), controls);
    }

    /**
     * Silent prefill at once: {@code frames} copies of the codec tokens of silence (see
     * {@link Mrt2AudioPrefill#silence}) with the style masked, as a token prefill.
     */
    public void runSilence(int[] silenceIds, int frames, StepControls controls) {
        runToEnd(new Run(silentFrames(silenceIds, frames), true), controls);
    }

    private void runToEnd(Run run, StepControls controls) {
        model.begin();
        while (!forceNext(run, controls)) { }
    }

    /**
     * Hands a token prefill to the generation thread (any thread may call this; the frames are checked here). At its
     * next step the model starts it and then spends each step forcing frames for up to the budget, producing
     * silence, until it is done; the step after that plays from the prefilled state, which is also the new reset
     * target. The style of each step's controls conditions the forced frames, the notes are masked. A later call
     * before the start replaces this one; one during a prefill starts over with the new frames.
     */
    public void schedule(int[][] frames) {
        pending.set(new Run(checkedFrames(frames), false));
    }

    /** {@link #schedule} for the silent prefill ({@code frames} copies of the silence ids, style masked). */
    public void scheduleSilence(int[] silenceIds, int frames) {
        pending.set(new Run(silentFrames(silenceIds, frames), true));
    }

    /** True from {@link #schedule} until the prefilled state plays. */
    public boolean active() {
        return running != null || pending.get() != null;
    }

    /** True while the generation thread works through a scheduled prefill (a reset then leaves the live state alone). */
    boolean running() {
        return running != null;
    }

    /** How long each live step may spend forcing prefill frames (at least one frame per step). */
    public void budget(Duration budget) {
        this.budgetNanos = Math.max(0, budget.toNanos());
    }

    /** The generation thread's share of a step: true when the step went to a prefill (and plays silence). */
    boolean advance(StepControls controls) {
        Run next = pending.getAndSet(null);
        if (next != null) {
            running = next;
            model.begin();
        }
        Run run = running;
        if (run == null) return false;
        long start = System.nanoTime();
        boolean done;
        do {
            done = forceNext(run, controls);
        } while (!done && System.nanoTime() - start < budgetNanos);
        if (done) running = null;
        return true;
    }

    /** Forces the run's next frame, or finishes with the last one; returns true when the prefill is done. */
    private boolean forceNext(Run run, StepControls controls) {
        int[][] frames = run.frames;
        if (run.next + 1 < frames.length) {
            model.force(frames[run.next++], prefillControls(controls, run.maskStyle));
            return false;
        }
        model.finish(frames[frames.length - 1]);
        return true;
    }

    /** The step's controls with the notes masked (and the style too for a silent prefill), drums and guidance kept. */
    private static StepControls prefillControls(StepControls c, boolean maskStyle) {
        return new StepControls(maskStyle ? null : c.styleTokens(), maskStyle ? null : c.styleEmbedding(), c.temperature(), c.topK(),
                c.guidance(), NoteFrame.SILENT, Map.of(Mrt2FrameModel.DRUMLESS, c.extra(Mrt2FrameModel.DRUMLESS, 0),
                Mrt2FrameModel.CFG_NOTES, c.extra(Mrt2FrameModel.CFG_NOTES, 1.0),
                Mrt2FrameModel.CFG_DRUMS, c.extra(Mrt2FrameModel.CFG_DRUMS, 1.0)));
    }

    private static int[][] checkedFrames(int[][] frames) {
        if (frames.length == 0) throw new IllegalArgumentException("prefill needs at least one frame");
        int[][] copy = new int[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            try {
                Mrt2Llm.checkIds(frames[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prefill frame " + i + ": " + e.getMessage(), e);
            }
            copy[i] = frames[i].clone();
        }
        return copy;
    }

    private static int[][] silentFrames(int[] silenceIds, int frames) {
        if (frames < 1) throw new IllegalArgumentException("silent prefill needs at least one frame");
        int[][] tokens = new int[frames][];
        Arrays.fill(tokens, silenceIds);
        return checkedFrames(tokens);
    }
}
