package mrtbox.inference.mrtv1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.codec.SpectroStreamEncoderWeights;
import mrtbox.inference.codec.SpectroStreamWeights;
import mrtbox.inference.codec.savedmodel.GraphCodecSavedModelExport;
import mrtbox.inference.codec.savedmodel.GraphCodecSavedModelExport.Naming;
import mrtbox.inference.codec.savedmodel.GraphCodecSavedModelExport.Signatures;
import mrtbox.inference.codec.savedmodel.SavedModelVariables;
import mrtbox.inference.codec.savedmodel.StandInCodecExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release's codec SavedModels without a usable signature (none, or traced at a fixed length, as tf2jax traced
 * MRT v1's at 50 frames and 48,000 samples): their {@code variables/} run in the project's own decoder and encoder
 * graphs and give the same audio and tokens as the same weights from safetensors. The SavedModels are exported from
 * Java ({@link GraphCodecSavedModelExport}) holding a tiny SpectroStream's weights in a TF2 object graph.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ReleaseCodecWithoutSignatureTest {
    /** Golden float-audio tolerance (golden/README.md: max abs diff <= 1e-4). */
    static final float TOLERANCE = 1e-4f;
    static final long SEED = 21;

    @TempDir
    static Path tmp;
    static Path safetensors;
    static SpectroStreamWeights decoderWeights;
    static SpectroStreamEncoderWeights encoderWeights;
    static int[][] chunk;
    static float[] audio;

    @BeforeAll
    static void weights() throws IOException {
        SpectroStreamConfig c = SpectroStreamConfig.tiny();
        decoderWeights = SpectroStreamWeights.random(c, SEED);
        encoderWeights = SpectroStreamEncoderWeights.random(c, SEED);
        safetensors = Files.createDirectories(tmp.resolve("safetensors"));
        decoderWeights.write(safetensors);
        encoderWeights.write(safetensors);
        SplittableRandom r = new SplittableRandom(SEED);
        chunk = new int[51][16];
        for (int[] f : chunk) for (int k = 0; k < 16; k++) f[k] = r.nextInt(1024);
        audio = new float[2 * (5 * 1920 + 700)];
        for (int i = 0; i < audio.length; i++) audio[i] = (float) (0.3 * Math.sin(i * 0.01) + 0.05 * r.nextGaussian());
    }

    static Path export(String name, Naming naming, Signatures signatures) throws IOException {
        Path dir = tmp.resolve(name);
        GraphCodecSavedModelExport.write(dir, decoderWeights, encoderWeights, naming, signatures);
        return dir;
    }

    static float[] decode(Path codecDir) throws IOException {
        try (ChunkDecoder d = MrtV1Models.chunkDecoder(codecDir)) {
            return d.decode(chunk);
        }
    }

    static float maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void aDecoderWithoutSignaturesDecodesItsVariablesInTheProjectsGraphAsTheSafetensorsDo() throws IOException {
        float[] expected = decode(safetensors);
        assertEquals(51 * 1920 * 2, expected.length);
        for (Naming naming : Naming.values()) {
            Path dir = export("none-" + naming, naming, Signatures.NONE);
            try (ChunkDecoder d = MrtV1Models.chunkDecoder(dir)) {
                assertInstanceOf(CodecChunkDecoder.class, d, naming + ": no signature, so the project's graph");
                assertTrue(d.toString().contains("decoder/variables in the project's graph"), d.toString());
                float[] got = d.decode(chunk);
                assertTrue(maxDiff(expected, got) <= TOLERANCE, naming + ": max diff " + maxDiff(expected, got));
                assertTrue(rms(got) > 1e-4, "sound, not silence");
            }
        }
    }

    @Test
    void aDecoderTracedAtFiftyFramesDecodesTheSameThroughItsVariables() throws IOException {
        Path dir = export("fixed", Naming.OBJECT_PATHS, Signatures.FIXED_LENGTH);
        float[] got = decode(dir);
        float d = maxDiff(decode(safetensors), got);
        assertTrue(d <= TOLERANCE, "max diff " + d);
        try (ChunkDecoder c = MrtV1Models.chunkDecoder(dir)) {
            assertInstanceOf(CodecChunkDecoder.class, c, "a 51-frame chunk cannot go through a 50-frame signature");
        }
    }

    @Test
    void anEncoderWithoutAUsableSignatureEncodesThroughTheProjectsGraphAsTheSafetensorsDo() throws IOException {
        int[][] expected;
        try (SpectroStreamEncoder e = SpectroStreamEncoder.load(safetensors)) {
            expected = e.encode(audio, 48_000, 16);
        }
        for (Signatures s : Signatures.values()) {
            Path dir = export("enc-" + s, s == Signatures.NONE ? Naming.SAVED_NAMES : Naming.OBJECT_PATHS, s);
            try (AudioEncoder e = MrtV1Models.encoder(dir)) {
                assertInstanceOf(SpectroStreamEncoder.class, e, s + ": the project's encoder graph");
                int[][] got = e.encode(audio, 48_000, 16);
                assertEquals(6, got.length, "ceil(T / 1920) frames");
                for (int f = 0; f < got.length; f++) assertArrayEquals(expected[f], got[f], s + " frame " + f);
            }
        }
    }

    @Test
    void theVariablesTheGraphDoesNotReadAreListed() throws IOException {
        Path dir = export("unread", Naming.OBJECT_PATHS, Signatures.NONE);
        try (SavedModelVariables v = SavedModelVariables.open(dir.resolve("decoder"), SpectroStreamWeights.ANCHOR)) {
            assertEquals("object paths", v.naming());
            SpectroStreamWeights.load(decoderWeights.config(), v, decoderWeights.get(SpectroStreamWeights.QUANTIZER));
            assertEquals(java.util.List.of(GraphCodecSavedModelExport.EXTRA_VARIABLE), v.unread());
        }
        try (SavedModelVariables v = SavedModelVariables.open(export("flat", Naming.SAVED_NAMES, Signatures.NONE).resolve("decoder"),
                SpectroStreamWeights.ANCHOR)) {
            assertEquals("saved names", v.naming(), "the object paths (_variables/<n>) do not name the layers, the saved names do");
            assertTrue(v.names().contains("decoder/" + SpectroStreamWeights.ANCHOR), v.names().toString());
        }
    }

    @Test
    void whenTheVariablesDoNotHoldACodecTheErrorGivesBothReasons(@TempDir Path dir) throws IOException {
        // the stand-in decoder's only variable is a linear kernel, without an object graph; its signature key is not the one asked for
        new StandInCodecExport().dim(16).levels(4).codebookSize(32).write(dir);
        Path pb = dir.resolve("decoder/saved_model.pb");
        org.tensorflow.proto.SavedModel.Builder m = org.tensorflow.proto.SavedModel.parseFrom(Files.readAllBytes(pb)).toBuilder();
        m.getMetaGraphsBuilder(0).clearSignatureDef();
        Files.write(pb, m.build().toByteArray());
        IOException e = assertThrows(IOException.class, () -> MrtV1Models.chunkDecoder(dir));
        assertTrue(e.getMessage().contains("no signature 'serving_default' (it has: no signatures)"), e.getMessage());
        assertTrue(e.getMessage().contains("and its variables/ in the project's decoder graph: ") && e.getMessage().contains("_CHECKPOINTABLE_OBJECT_GRAPH"),
                e.getMessage());
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) s += v * (double) v;
        return Math.sqrt(s / x.length);
    }
}
