package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.health.StatusNotes;
import mrtbox.appliance.health.StatusPublisher;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.service.Foundation;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.install.ModelManifest;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.style.TfliteMusicCoca;
import mrtbox.inference.style.TinyMusicCoca;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One broken optional part costs only itself, never the sound. A style model that will not open: an installed MRT2
 * whose MusicCoCa file is damaged plays unconditioned and audibly, health says
 * {@code degraded: style model unavailable: <reason>}, and every prompt is refused with that reason. An injection
 * encoder that will not open: the model plays audibly with injection switched on, health says
 * {@code audio injection unavailable: <reason>}. A damaged optional file of a style model that opens (MRT2's
 * {@code mapper.tflite}): the style model runs without it, health says {@code degraded: style model: mapper.tflite
 * unusable: <reason>}, and prompts are taken; a damaged audio file likewise costs only the audio prompts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OptionalPartFailureTest {
    @TempDir Path root;

    private final StatusBoard board = new StatusBoard();
    private final PromptResolver prompts = new PromptResolver();
    private final LoadedStyleModel styleModel = new LoadedStyleModel();

    private Appliance start(String damage) throws Exception {
        return start(Path.of("resources/musiccoca", TfliteMusicCoca.TEXT_ENCODER), damage);
    }

    /** Installs a tiny MRT2 with its MusicCoCa, damages {@code file} (relative to the install) and starts the box. */
    private Appliance start(Path file, String damage) throws Exception {
        Path models = root.resolve("state/models");
        Path dir = models.resolve("styled-mrt2");
        Mrt2Models.writeTiny(dir, 31);
        TinyMusicCoca.write(dir.resolve("resources/musiccoca"), 32, true);
        ModelManifest m = Mrt2Models.describeInstall(dir, Mrt2Models.TINY_NAME);
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), new ModelManifest(m.kind(), "styled-mrt2", m.components(), m.files()).toJson());
        Path damaged = dir.resolve(file);
        switch (damage) {
            case "corrupt" -> Files.write(damaged, "this is not a flatbuffer nor safetensors".getBytes());
            case "missing" -> Files.delete(damaged);
            default -> throw new IllegalArgumentException(damage);
        }
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"}, "audio": {"sink": "null"}, "model": {"name": "styled-mrt2"}, "midi": {"enabled": false}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        Appliance a = new Appliance(config, ResolvedPaths.resolve(config, env), f -> {
            EngineComponent engine = engine(f);
            return List.of(engine, new StatusPublisher(board, engine::report, () -> mrtbox.control.status.InputStatus.OFF, new StatusNotes()));
        }, Clock.systemUTC());
        a.start();
        return a;
    }

    private EngineComponent engine(Foundation f) {
        return new EngineComponent(f.registry(), f.config().model(), f.config().model().name(), ModelCatalog.standard(f.paths().models()),
                EngineComponent.audioSettings(f.config().audio(), null, f.paths().state()), prompts, new NoteBus(), InputTap.NONE,
                configured -> true, styleModel, f.paths().state());
    }

    /** The first report that shows the model playing audibly (at most 60 s). */
    private StatusReport playingAudibly() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StatusReport r = board.current();
        while ((r.realTimeFactor() == 0 || !(r.peakDb()[0] > -90)) && System.nanoTime() < end) {
            Thread.sleep(100);
            r = board.current();
        }
        assertTrue(r.playing() && r.realTimeFactor() > 0, "the model plays without the broken part: " + r);
        assertTrue(r.peakDb()[0] > -90 || r.peakDb()[1] > -90, "audible, not silence: peak " + r.peakDb()[0] + " dB");
        return r;
    }

    private void playsUnconditionedAndSaysWhy(String damage, String fileHint) throws Exception {
        Appliance a = start(damage);
        try {
            StatusReport r = playingAudibly();
            long end;
            // Other reasons (a loaded box running slower than real time) may share the health line; this one is always there.
            assertTrue(r.health().startsWith("degraded: ") && r.health().contains("style model unavailable: "), r.health());
            assertTrue(r.health().contains(fileHint), "the reason names the file: " + r.health());
            assertTrue(r.lastError().startsWith("style model unavailable: "), r.lastError());

            a.foundation().registry().set(StandardParams.promptText(2), "jazz piano", ChangeSource.INTERNAL);
            a.foundation().registry().set(StandardParams.promptWeight(2), 1.0, ChangeSource.INTERNAL);
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (prompts.problems().size() < 2 && System.nanoTime() < end) Thread.sleep(50);
            List<String> problems = prompts.problems();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("prompt 1 (\"warm analog synth groove\"): style model unavailable: "), problems.get(0));
            assertTrue(problems.get(1).startsWith("prompt 2 (\"jazz piano\"): style model unavailable: "), problems.get(1));
            Thread.sleep(500);
            assertTrue(board.current().playing(), "still playing after the prompts were refused");
        } finally {
            a.stop();
        }
    }

    @Test
    void aCorruptMusicCocaFileCostsThePromptsNotTheSound() throws Exception {
        playsUnconditionedAndSaysWhy("corrupt", TfliteMusicCoca.TEXT_ENCODER);
    }

    @Test
    void aMissingMusicCocaFileCostsThePromptsNotTheSound() throws Exception {
        playsUnconditionedAndSaysWhy("missing", TfliteMusicCoca.TEXT_ENCODER);
    }

    private void playsWithoutInjectionAndSaysWhy(String damage) throws Exception {
        Appliance a = start(Path.of("resources/spectrostream/encoder.safetensors"), damage);
        try {
            a.foundation().registry().set(mrtbox.inference.inject.InjectionControls.INJECT, 1, ChangeSource.INTERNAL);
            StatusReport r = playingAudibly();
            assertTrue(r.health().startsWith("degraded: ") && r.health().contains("audio injection unavailable: "), r.health());
            assertTrue(r.health().contains("encoder.safetensors"), "the reason names the file: " + r.health());
            assertTrue(!r.health().contains("style model unavailable"), "the style model is fine: " + r.health());
            assertTrue(r.lastError().startsWith("audio injection unavailable: "), r.lastError());
            Thread.sleep(500);
            assertTrue(board.current().playing(), "still playing with input.inject on");
        } finally {
            a.stop();
        }
    }

    @Test
    void aCorruptInjectionEncoderCostsTheInjectionNotTheSound() throws Exception {
        playsWithoutInjectionAndSaysWhy("corrupt");
    }

    @Test
    void aMissingInjectionEncoderCostsTheInjectionNotTheSound() throws Exception {
        playsWithoutInjectionAndSaysWhy("missing");
    }
    @Test
    void aCorruptMapperCostsOnlyTheMapper() throws Exception {
        Appliance a = start(Path.of("resources/musiccoca", TfliteMusicCoca.MAPPER), "corrupt");
        try {
            StatusReport r = playingAudibly();
            assertTrue(r.health().startsWith("degraded: ") && r.health().contains("style model: mapper.tflite unusable: "), r.health());
            assertTrue(!r.health().contains("style model unavailable"), "the style model itself opened: " + r.health());
            assertTrue(r.lastError().startsWith("style model: mapper.tflite unusable: "), r.lastError());

            // prompts are taken and embed through the loaded MusicCoCa (unmapped)
            a.foundation().registry().set(StandardParams.promptText(2), "jazz piano", ChangeSource.INTERNAL);
            a.foundation().registry().set(StandardParams.promptWeight(2), 1.0, ChangeSource.INTERNAL);
            mrtbox.inference.style.StyleEmbedder embedder = styleModel.embedder().orElseThrow();
            assertEquals(768, embedder.embedText("jazz piano").length);
            Thread.sleep(1000);
            assertEquals(List.of(), prompts.problems(), "no prompt is refused");
            assertTrue(board.current().playing(), "still playing");
        } finally {
            a.stop();
        }
    }
    @Test
    void aCorruptMusicEncoderCostsOnlyTheAudioPrompts() throws Exception {
        Appliance a = start(Path.of("resources/musiccoca", TfliteMusicCoca.MUSIC_ENCODER), "corrupt");
        try {
            StatusReport r = playingAudibly();
            assertTrue(r.health().contains("style model: audio prompts are unavailable: ") && r.health().contains(TfliteMusicCoca.MUSIC_ENCODER), r.health());
            assertTrue(!r.health().contains("style model unavailable"), "the style model itself opened: " + r.health());
            assertEquals(768, styleModel.embedder().orElseThrow().embedText("jazz piano").length, "text prompts embed");
        } finally {
            a.stop();
        }
    }
}
