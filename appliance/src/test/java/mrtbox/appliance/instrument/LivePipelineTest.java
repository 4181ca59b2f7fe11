package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import mrtbox.appliance.audio.AudioOutputSettings;
import mrtbox.appliance.catalog.TestToneModel;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.model.ModelInfo;
import org.junit.jupiter.api.Test;

/** The service's pipeline on the null sink, driven only through the parameter registry, as the frontends do. */
class LivePipelineTest {
    private static final ChangeSource OSC = ChangeSource.of(ChangeSource.Kind.OSC, "test");

    @Test
    void registryDrivesVolumeMuteAndTransportAndStatusReportsIt() throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        TestToneModel model = new TestToneModel(ModelInfo.Shape.FRAME, 1920, 2_000_000);
        AudioOutputSettings audio = AudioOutputSettings.builder().sink(AudioOutputSettings.Sink.NULL).realtimePriority(0).build();
        try (LivePipeline p = new LivePipeline(model, registry, StyleBlender.UNCONDITIONED, 0.5,
                EngineSettings.builder().monitorIntervalMs(50).build(), audio)) {
            p.start(false);
            Thread.sleep(300);
            assertFalse(p.metrics().audible(), "not playing before transport.play");
            registry.trigger(StandardParams.PLAY, OSC);
            Thread.sleep(700);
            double loud = p.metrics().peakDb()[0];
            assertTrue(loud > -10, "playing: peak " + loud);

            registry.set(StandardParams.VOLUME_DB, -20, OSC);
            Thread.sleep(500);
            double quiet = p.metrics().peakDb()[0];
            assertEquals(loud - 20, quiet, 1.5, "output.volume -20 dB");

            registry.set(StandardParams.MUTE, true, OSC);
            Thread.sleep(400);
            assertTrue(p.metrics().peakDb()[0] < -100, "muted: " + p.metrics().peakDb()[0]);
            registry.set(StandardParams.MUTE, false, OSC);

            registry.trigger(StandardParams.STOP, OSC);
            Thread.sleep(400);
            assertFalse(p.metrics().playing());
            assertFalse(p.metrics().audible());

            StatusReport s = p.status();
            assertEquals("test-tone", s.model());
            assertFalse(s.playing());
            assertEquals("ok", s.health());
            assertTrue(s.stepMsMedian() >= 2, "step time " + s.stepMsMedian());
            assertEquals(0, s.underruns());
        }
    }
}
