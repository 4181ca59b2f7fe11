package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import mrtbox.appliance.audio.AudioOutputSettings;
import mrtbox.appliance.catalog.Mrt2Parameters;
import mrtbox.appliance.catalog.TinyMrt2Provider;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.mrt2.Mrt2AudioPrefill;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.Mrt2Prefill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MRT2's state lifecycle driven only through the registry (as OSC, MIDI and the page do), with tiny-mrt2 playing on the null sink. */
@Timeout(180)
class Mrt2LifecycleTest {
    private static final ChangeSource OSC = ChangeSource.of(ChangeSource.Kind.OSC, "test");
    @TempDir Path state;

    static Path toneWav(Path file, double seconds) throws Exception {
        Files.createDirectories(file.getParent());
        int n = (int) Math.round(seconds * 48000);
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putShort((short) Math.round(12000 * Math.sin(2 * Math.PI * 220 * i / 48000.0)));
            b.putShort((short) Math.round(9000 * Math.sin(2 * Math.PI * 330 * i / 48000.0)));
        }
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), new AudioFormat(48000, 16, 2, true, false), n)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    private record Box(ParameterRegistry registry, Mrt2FrameModel model, LivePipeline pipeline, Mrt2Lifecycle lifecycle,
                       List<String> encoderThreads) implements AutoCloseable {
        @Override
        public void close() {
            lifecycle.close();
            pipeline.close();
        }
    }

    private Box box(TinyMrt2Provider provider) throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        List<String> extras = new ArrayList<>();
        for (ParamSpec s : provider.parameters()) {
            registry.register(s);
            if (s.type().isNumeric() && s.type() != ParamType.TRIGGER) extras.add(s.id());
        }
        Mrt2FrameModel model = (Mrt2FrameModel) provider.open();
        AudioOutputSettings audio = AudioOutputSettings.builder().sink(AudioOutputSettings.Sink.NULL).realtimePriority(0).build();
        LivePipeline p = new LivePipeline(model, registry, StyleBlender.UNCONDITIONED, new PromptResolver(), new ModelInputs(extras, null), 0.5,
                EngineSettings.builder().monitorIntervalMs(50).build(), audio);
        List<String> threads = new CopyOnWriteArrayList<>();
        Mrt2Lifecycle l = Mrt2Lifecycle.attach(registry, model, () -> {
            threads.add(Thread.currentThread().getName());
            return provider.openEncoder();
        }, EngineBridge.of(p.engine()), state);
        p.start(true);
        return new Box(registry, model, p, l, threads);
    }

    /** Sets {@code id} to {@code value}, presses {@code trigger} and waits for the state status {@code ok} accepts. */
    private static String press(ParameterRegistry r, String id, Object value, String trigger, Predicate<String> ok)
            throws InterruptedException {
        r.set(id, value, OSC);
        r.trigger(trigger, OSC);
        return awaitStatus(r, ok);
    }

    private static String awaitStatus(ParameterRegistry r, Predicate<String> ok) throws InterruptedException {
        long end = System.nanoTime() + 90_000_000_000L;
        String s = "";
        while (System.nanoTime() < end) {
            s = r.snapshot().text(r.require(Mrt2Parameters.STATE_STATUS));
            if (ok.test(s)) return s;
            Thread.sleep(20);
        }
        throw new AssertionError("status never arrived; last: '" + s + "'");
    }

    @Test
    void aPrefillTriggeredOverTheRegistryEncodesOnTheWorkerAndBecomesTheResetTarget() throws Exception {
        TinyMrt2Provider provider = new TinyMrt2Provider();
        Path wav = toneWav(state.resolve("prefill/tones.wav"), 2.6);
        int[][] expected;
        try (SpectroStreamEncoder enc = provider.openEncoder()) {
            expected = Mrt2AudioPrefill.fromFile(enc, wav);
        }
        Mrt2FrameModel model;
        try (Box b = box(provider)) {
            model = b.model();
            b.registry().set(Mrt2Parameters.PREFILL_FILE, "tones.wav", OSC);
            b.registry().trigger(Mrt2Parameters.PREFILL, OSC);
            String s = awaitStatus(b.registry(), t -> !t.isEmpty());
            assertTrue(s.startsWith("prefilling from tones.wav: 15 frames"), s);
            assertEquals(List.of("mrtbox-mrt2-lifecycle"), b.encoderThreads(), "the encoder is opened and run on the lifecycle worker");
            long end = System.nanoTime() + 60_000_000_000L;
            while (model.prefill().active() && System.nanoTime() < end) Thread.sleep(20);
            assertFalse(model.prefill().active(), "the generation thread finished the prefill at its steps");
            long steps = b.pipeline().metrics().stepsCompleted();
            Thread.sleep(300);
            assertTrue(b.pipeline().metrics().stepsCompleted() > steps, "and plays on");
        }
        // the pipeline is closed: this thread owns the model now
        model.reset(0);
        assertEquals(14, model.llm().frame(), "the reset target is the prefilled state: N - 1 forced frames");
        assertArrayEquals(expected[14], model.llm().previousIds(), "with the file's last trimmed frame seeded");
        model.close();
    }

    @Test
    void badRequestsSayWhatIsWrongAndSaveLoadAndRotationWork() throws Exception {
        TinyMrt2Provider provider = new TinyMrt2Provider();
        Files.createDirectories(state.resolve("prefill"));
        Files.writeString(state.resolve("prefill/notes.wav"), "not audio");
        Mrt2FrameModel model;
        try (Box b = box(provider)) {
            ParameterRegistry r = b.registry();
            model = b.model();
            String s = press(r, Mrt2Parameters.PREFILL_FILE, "nope.wav", Mrt2Parameters.PREFILL, t -> t.contains("nope.wav"));
            assertTrue(s.startsWith("prefill failed: no prefill file 'nope.wav' (looked in " + state.resolve("prefill")), s);
            s = press(r, Mrt2Parameters.PREFILL_FILE, "notes.wav", Mrt2Parameters.PREFILL, t -> t.contains("notes.wav"));
            assertTrue(s.contains("not an audio file"), s);
            s = press(r, Mrt2Parameters.PREFILL_FILE, "../../etc/passwd", Mrt2Parameters.PREFILL, t -> t.contains("passwd"));
            assertTrue(s.contains("leaves the state directory"), s);
            assertFalse(model.prefill().active(), "nothing was handed to the model");

            s = press(r, Mrt2Parameters.STATE_NAME, "take-1", Mrt2Parameters.STATE_SAVE, t -> t.startsWith("saved") || t.contains("save failed"));
            Path saved = state.resolve("mrt2-states/take-1.safetensors");
            assertEquals("saved the state to " + saved, s);
            assertTrue(Files.size(saved) > 0);
            s = press(r, Mrt2Parameters.STATE_NAME, "missing", Mrt2Parameters.STATE_LOAD, t -> t.contains("missing"));
            assertTrue(s.startsWith("state load failed: no saved state"), s);
            s = press(r, Mrt2Parameters.STATE_NAME, "a/b", Mrt2Parameters.STATE_SAVE, t -> t.contains("a/b"));
            assertTrue(s.contains("must be 1 to 64 letters"), s);
            s = press(r, Mrt2Parameters.STATE_NAME, "take-1", Mrt2Parameters.STATE_LOAD, t -> t.startsWith("loaded"));
            assertEquals("loaded the state take-1.safetensors as the reset target", s);

            s = press(r, Mrt2Parameters.SEED_ROTATION, 5, Mrt2Parameters.PREFILL_SILENCE, t -> t.contains("silence"));
            assertEquals("prefilling with 22 s of silence", s);
            long end = System.nanoTime() + 120_000_000_000L;
            while (model.prefill().active() && System.nanoTime() < end) Thread.sleep(50);
            assertFalse(model.prefill().active());
        }
        model.reset(10);
        assertEquals(15, model.streamSeed(), "rotation 5 from the registry applies at the reset");
        assertEquals(Mrt2Prefill.SILENT_FRAMES - 1, model.llm().frame(), "the silent prefill is the reset target");
        model.resetToFactory(10);
        assertNotEquals(Mrt2Prefill.SILENT_FRAMES - 1, model.llm().frame());
        model.close();
    }
}
