package mrtbox.appliance.catalog;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import mrtbox.appliance.instrument.ControlsAssembler;
import mrtbox.appliance.instrument.MixerStyleBlender;
import mrtbox.appliance.instrument.StyleBlender;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.codec.savedmodel.StandInCodecExport;
import mrtbox.inference.install.ModelManifest;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.style.SavedModelCodebooks;
import mrtbox.inference.style.SavedModelStyleEmbedder;
import mrtbox.inference.style.SavedModelStyleTest;
import mrtbox.inference.style.TfliteMusicCoca;
import mrtbox.inference.style.TinyMusicCoca;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models installed under the models directory join the catalog and play; broken installs say what is wrong. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class InstalledModelProviderTest {

    @Test
    void anInstalledMrt2ModelIsInTheCatalogAndPlaysFrames(@TempDir Path models) throws Exception {
        Path dir = models.resolve("my-mrt2");
        Mrt2Models.writeTiny(dir, 21);
        ModelManifest m = Mrt2Models.describeInstall(dir, Mrt2Models.TINY_NAME);
        // the install is named by its manifest; rename it so it does not clash with the built-in tiny-mrt2
        ModelManifest renamed = new ModelManifest(m.kind(), "studio-mrt2", m.components(), m.files());
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), renamed.toJson());

        ModelCatalog catalog = ModelCatalog.standard(models);
        ModelProvider p = catalog.require("studio-mrt2");
        assertTrue(p.takesNotes());
        assertEquals(Mrt2Parameters.all().size(), p.parameters().size());
        assertSame(StyleBlender.UNCONDITIONED, p.openStyle(), "no resources/musiccoca and no MRT v1 MusicCoCa: said, not faked");
        try (StreamingModel model = p.open()) {
            assertEquals(ModelInfo.Shape.FRAME, model.info().shape());
            model.reset(0);
            float[] out = new float[model.info().samplesPerStep() * model.info().channels()];
            for (int i = 0; i < 3; i++) {
                model.step(new StepControls(new int[] {1, 2, 3, 4, 5, 6}, null, 0f, 40, 2f, NoteFrame.SILENT, Map.of()), out);
            }
            double energy = 0;
            for (float v : out) energy += v * v;
            assertTrue(energy > 0, "audio after the codec's 40 ms lookahead");
        }
    }

    /**
     * An MRT v1 install laid out as released: the LLM .tar and {@code savedmodels/ssv2_48k_stereo} with the codec's
     * encoder/, decoder/ and quantizer/ SavedModels (a Java-exported stand-in with the release's interface). It
     * verifies, plays a chunk through the SavedModel codec, and a missing SavedModel file is named by verify and open.
     */
    @Test
    void anInstalledMrtV1WithTheReleaseCodecSavedModelsPlaysChunks(@TempDir Path models) throws Exception {
        Path dir = models.resolve("v1-release");
        Path llm = dir.resolve("checkpoints/llm_tinya_x0000_c1860k.tar");
        Files.createDirectories(llm.getParent());
        try (var in = getClass().getResourceAsStream("/mrtv1/llm_tinya_x0000_c1860k.tar")) {
            Files.copy(java.util.Objects.requireNonNull(in, "test resource mrtv1/llm_tinya_x0000_c1860k.tar"), llm);
        }
        new StandInCodecExport().dim(8).levels(16).seed(2).write(dir.resolve("savedmodels/ssv2_48k_stereo"));
        ModelManifest m = ModelManifest.describe(dir, "mrt-v1", "v1-release",
                Map.of("llm", "checkpoints/llm_tinya_x0000_c1860k.tar", "spectrostream", "savedmodels/ssv2_48k_stereo"));
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), m.toJson());
        assertEquals(java.util.List.of(), m.verify(dir));

        ModelProvider p = ModelCatalog.standard(models).require("v1-release");
        try (StreamingModel model = p.open()) {
            assertEquals(ModelInfo.Shape.CHUNK, model.info().shape());
            assertEquals(96_000, model.info().samplesPerStep());
            model.reset(1);
            float[] out = new float[96_000 * 2];
            model.step(new StepControls(null, null, 1.1f, 40, 5f, null, Map.of()), out);
            double energy = 0;
            for (float v : out) {
                assertTrue(Float.isFinite(v));
                energy += v * v;
            }
            assertTrue(energy > 0, "a chunk of sound through the SavedModel decoder");
        }

        Files.delete(dir.resolve("savedmodels/ssv2_48k_stereo/decoder/saved_model.pb"));
        assertTrue(m.verify(dir).contains("component spectrostream: savedmodels/ssv2_48k_stereo/decoder/saved_model.pb missing (SavedModel layout)"),
                m.verify(dir).toString());
        Exception e = assertThrows(Exception.class, p::open);
        assertTrue(e.getMessage().contains("ssv2_48k_stereo") && e.getMessage().contains("decoder/saved_model.pb"), e.getMessage());
    }

    /**
     * The same install whose decoder and encoder SavedModels have no signature (their variables hold a tiny
     * SpectroStream): the box plays through the project's decoder graph on those variables, and audio injection
     * encodes through the project's encoder graph.
     */
    @Test
    void anInstalledMrtV1WhoseCodecSavedModelsHaveNoSignaturePlaysThroughTheProjectsGraph(@TempDir Path models) throws Exception {
        Path dir = models.resolve("v1-nosig");
        Path llm = dir.resolve("checkpoints/llm_tinya_x0000_c1860k.tar");
        Files.createDirectories(llm.getParent());
        try (var in = getClass().getResourceAsStream("/mrtv1/llm_tinya_x0000_c1860k.tar")) {
            Files.copy(java.util.Objects.requireNonNull(in, "test resource mrtv1/llm_tinya_x0000_c1860k.tar"), llm);
        }
        mrtbox.inference.codec.SpectroStreamConfig tiny = mrtbox.inference.codec.SpectroStreamConfig.tiny();
        mrtbox.inference.codec.savedmodel.GraphCodecSavedModelExport.write(dir.resolve("savedmodels/ssv2_48k_stereo"),
                mrtbox.inference.codec.SpectroStreamWeights.random(tiny, 4), mrtbox.inference.codec.SpectroStreamEncoderWeights.random(tiny, 4),
                mrtbox.inference.codec.savedmodel.GraphCodecSavedModelExport.Naming.OBJECT_PATHS,
                mrtbox.inference.codec.savedmodel.GraphCodecSavedModelExport.Signatures.NONE);
        ModelManifest m = ModelManifest.describe(dir, "mrt-v1", "v1-nosig",
                Map.of("llm", "checkpoints/llm_tinya_x0000_c1860k.tar", "spectrostream", "savedmodels/ssv2_48k_stereo"));
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), m.toJson());
        assertEquals(java.util.List.of(), m.verify(dir));

        ModelProvider p = ModelCatalog.standard(models).require("v1-nosig");
        try (StreamingModel model = p.open()) {
            model.reset(1);
            float[] out = new float[96_000 * 2];
            model.step(new StepControls(null, null, 1.1f, 40, 5f, null, Map.of()), out);
            double energy = 0;
            for (float v : out) {
                assertTrue(Float.isFinite(v));
                energy += v * v;
            }
            assertTrue(Math.sqrt(energy / out.length) > 1e-4, "a chunk of sound through the decoder graph on the SavedModel's variables");
        }
        try (mrtbox.inference.codec.AudioEncoder enc = p.openInjectionEncoder()) {
            assertTrue(enc instanceof mrtbox.inference.codec.SpectroStreamEncoder, enc.toString());
            assertEquals(2, enc.encode(new float[2 * 3000], 48_000, 4).length);
        }
    }

    @Test
    void aTextPromptSteersAnInstalledMrt2ThroughItsTfliteMusicCoca(@TempDir Path models) throws Exception {
        Path dir = models.resolve("mrt2-with-style");
        Mrt2Models.writeTiny(dir, 22);
        TinyMusicCoca mc = TinyMusicCoca.write(dir.resolve("resources/musiccoca"), 23, true);
        ModelManifest m = Mrt2Models.describeInstall(dir, Mrt2Models.TINY_NAME);
        assertEquals("resources/musiccoca", m.components().get("musiccoca"));
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), new ModelManifest(m.kind(), "styled-mrt2", m.components(), m.files()).toJson());
        assertTrue(m.verify(dir).isEmpty(), m.verify(dir).toString());

        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        ModelProvider p = ModelCatalog.standard(models).require("styled-mrt2");
        StyleBlender style = p.openStyle();
        assertTrue(style instanceof MixerStyleBlender, style.toString());
        try (MixerStyleBlender blender = (MixerStyleBlender) style; StreamingModel model = p.open()) {
            ControlsAssembler controls = new ControlsAssembler(registry, blender, 0, 0.04);
            registry.set(StandardParams.promptText(1), "Dark Techno", ChangeSource.INTERNAL);
            StepControls techno = awaitStyle(controls, TfliteMusicCoca.defaultTokens());
            float[] expected;
            try (TfliteMusicCoca direct = TfliteMusicCoca.load(dir.resolve("resources/musiccoca"))) {
                expected = direct.embedText("Dark Techno");
            }
            assertArrayEquals(expected, techno.styleEmbedding(), 1e-6f);
            assertArrayEquals(mc.expectTokens(expected, 12), techno.styleTokens());

            registry.set(StandardParams.promptText(1), "bright baroque harpsichord", ChangeSource.INTERNAL);
            StepControls baroque = awaitStyle(controls, techno.styleTokens());
            assertFalse(Arrays.equals(techno.styleEmbedding(), baroque.styleEmbedding()));

            model.reset(0);
            float[] out = new float[model.info().samplesPerStep() * model.info().channels()];
            for (int i = 0; i < 3; i++) model.step(controls.get(), out);
            double energy = 0;
            for (float v : out) energy += v * v;
            assertTrue(energy > 0, "the styled model plays");
        }
    }

    @Test
    void withoutTfliteFilesAnMrt2BorrowsTheMrtV1MusicCocaInstalledBesideIt(@TempDir Path models) throws Exception {
        Path dir = models.resolve("plain-mrt2");
        Mrt2Models.writeTiny(dir, 24);
        ModelManifest m = Mrt2Models.describeInstall(dir, Mrt2Models.TINY_NAME);
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), new ModelManifest(m.kind(), "plain-mrt2", m.components(), m.files()).toJson());
        Path v1 = models.resolve("v1-style");
        SavedModelStyleTest.exportMusicCoca(v1.resolve("musiccoca"));
        SavedModelStyleTest.exportQuantizer(v1.resolve("quant"), SavedModelStyleTest.DIM, 64);
        Files.createDirectories(v1.resolve("vocab"));
        try (var spm = getClass().getResourceAsStream("/golden/spm_a/spm.model")) {
            Files.copy(spm, v1.resolve("vocab/spm.model"));
        }
        Files.writeString(v1.resolve(ModelManifest.FILE_NAME), new ModelManifest("mrt-v1", "v1-style",
                Map.of("musiccoca", "musiccoca", "spm", "vocab/spm.model", "style_codebooks", "quant"), java.util.List.of()).toJson());

        StyleBlender style = ModelCatalog.standard(models).require("plain-mrt2").openStyle();
        assertTrue(style instanceof MixerStyleBlender, style.toString());
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        try (MixerStyleBlender blender = (MixerStyleBlender) style;
             SavedModelStyleEmbedder direct = SavedModelStyleEmbedder.load(v1.resolve("musiccoca"), v1.resolve("vocab/spm.model"))) {
            ControlsAssembler controls = new ControlsAssembler(registry, blender, 0, 0.04);
            registry.set(StandardParams.promptText(1), "lo-fi hip hop", ChangeSource.INTERNAL);
            StepControls c = awaitStyle(controls, TfliteMusicCoca.defaultTokens());
            assertArrayEquals(SavedModelCodebooks.load(v1.resolve("quant")).encode(direct.embedText("lo-fi hip hop"), 12), c.styleTokens());
        }
    }

    /** Steps the controls until their style tokens differ from {@code previous} (bounded). */
    private static StepControls awaitStyle(ControlsAssembler controls, int[] previous) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            StepControls c = controls.get();
            if (c.styleTokens() != null && !Arrays.equals(c.styleTokens(), previous)) return c;
            Thread.sleep(5);
        }
        throw new AssertionError("the prompt's style never reached the step controls");
    }

    @Test
    void anMrtV1InstallWithoutItsCodecComponentNamesWhatIsMissing(@TempDir Path models) throws Exception {
        Path dir = models.resolve("half-v1");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME),
                new ModelManifest("mrt-v1", "half-v1", Map.of("llm", "llm.tar"), java.util.List.of()).toJson());
        ModelProvider p = ModelCatalog.standard(models).require("half-v1");
        Exception e = assertThrows(Exception.class, p::open);
        assertTrue(e.getMessage().contains("spectrostream") && e.getMessage().contains("mrtbox-model.json"), e.getMessage());
    }
}
