package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import mrtbox.inference.model.ModelInfo;
import org.junit.jupiter.api.Test;

/** Pacing decisions as pure functions of buffered audio and observed step times (no threads, no real clock). */
class PacerTest {
    private static final long MS = 1_000_000;

    @Test
    void frameModelKeepsTheConfiguredLead() {
        ModelInfo info = new ModelInfo("f", ModelInfo.Shape.FRAME, 48000, 2, 1920, false);
        Pacer p = Pacer.forModel(info, EngineSettings.builder().leadMs(160).build());
        assertEquals(0, p.nanosUntilNextStep(0));
        assertEquals(0, p.nanosUntilNextStep(7679), "below 160 ms: step now");
        assertEquals(20_833, p.nanosUntilNextStep(7680), "at the lead: wait until one frame has drained");
        assertEquals(40 * MS + 20_833, p.nanosUntilNextStep(7680 + 1920));
    }

    @Test
    void chunkModelStartsJustInTimeFromTheMovingEstimate() {
        ModelInfo info = new ModelInfo("c", ModelInfo.Shape.CHUNK, 48000, 2, 96000, false);
        Pacer.JustInTimePacer p = (Pacer.JustInTimePacer) Pacer.forModel(info, EngineSettings.builder().chunkMarginMs(250).build());
        // before any step: assume real time (2 s) plus the margin
        assertEquals(96000 + 12000, p.startThresholdFrames());
        // steady 1 s steps: the estimate converges to 1 s (+ 4 x a shrinking deviation)
        for (int i = 0; i < 60; i++) p.stepCompleted(1000 * MS);
        long threshold = p.startThresholdFrames();
        assertEquals(48000 + 12000, threshold, 200);
        assertEquals(0, p.nanosUntilNextStep(threshold), "at the threshold: start now");
        assertEquals(500 * MS, p.nanosUntilNextStep(threshold + 24000), 1000, "half a second above: wait half a second");
        // a jittery model gets more headroom than a steady one with the same mean
        Pacer.JustInTimePacer jittery = (Pacer.JustInTimePacer) Pacer.forModel(info, EngineSettings.DEFAULTS);
        for (int i = 0; i < 60; i++) jittery.stepCompleted(i % 2 == 0 ? 600 * MS : 1400 * MS);
        assertTrue(jittery.startThresholdFrames() > threshold + 48000,
                "jitter of 400 ms must add well over a second of headroom: " + jittery.startThresholdFrames());
    }

    @Test
    void slowerThanRealTimeChunkModelStepsBackToBack() {
        ModelInfo info = new ModelInfo("c", ModelInfo.Shape.CHUNK, 48000, 2, 96000, false);
        Pacer p = Pacer.forModel(info, EngineSettings.DEFAULTS);
        for (int i = 0; i < 20; i++) p.stepCompleted(3000 * MS);
        assertEquals(0, p.nanosUntilNextStep(96000), "a 3 s step for 2 s of audio: never wait");
    }

    @Test
    void watchdogAllowsSlowModelsButNotHungOnes() {
        StallWatchdog w = new StallWatchdog(10);
        assertFalse(w.stalled(9_000 * MS, 0, 0));
        assertTrue(w.stalled(10_001 * MS, 0, 0));
        assertFalse(w.stalled(30_000 * MS, 0, 8_000 * MS), "4 x the slowest recent step (32 s) has not passed");
        assertTrue(w.stalled(33_000 * MS, 0, 8_000 * MS));
    }
}
