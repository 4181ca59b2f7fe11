package mrtbox.inference.mrt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mrtbox.inference.codec.AudioDecoder;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.codec.WeightStorage;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where an MRT2 install's codec comes from: resources/spectrostream, or the raw checkpoint's params/soundstream/. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Mrt2CodecSourceTest {
    private static final int[][] CODES = {{3, 7}, {1, 0}, {12, 5}, {9, 2}, {4, 4}};

    @TempDir
    Path tmp;
    Path dir;
    Path codecDir;
    Path checkpoint;

    @BeforeEach
    void tinyInstall() throws IOException {
        dir = tmp.resolve("tiny");
        Mrt2Models.writeTiny(dir, 3);
        codecDir = dir.resolve("resources/spectrostream");
        checkpoint = dir.resolve("checkpoints/" + Mrt2Models.TINY_NAME + ".safetensors");
    }

    private static float[] decode(AudioDecoder d) throws Exception {
        try (d) {
            return d.decode(CODES);
        }
    }

    @Test
    void withoutResourceFilesTheCodecIsReadFromTheRawCheckpointAsTheReferenceDoes() throws Exception {
        float[] fromFiles = decode(Mrt2Models.codec(codecDir, checkpoint, WeightStorage.F32));
        Path raw = tmp.resolve("raw.safetensors");
        try (SafetensorsFile llm = SafetensorsFile.open(checkpoint);
             SafetensorsFile dec = SafetensorsFile.open(codecDir.resolve("decoder.safetensors"));
             SafetensorsFile q = SafetensorsFile.open(codecDir.resolve("quantizer.safetensors"))) {
            SafetensorsWriter w = new SafetensorsWriter().metadata("window", llm.metadata().get("window"))
                    .metadata(SpectroStreamDecoder.CHECKPOINT_CONFIG_KEY, dec.metadata().get("config"));
            for (SafetensorsFile f : new SafetensorsFile[] {llm, dec, q}) for (String n : f.names()) w.put(f.read(n));
            w.write(raw);
        }
        Files.move(raw, checkpoint, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(codecDir.resolve("decoder.safetensors"));
        Files.delete(codecDir.resolve("quantizer.safetensors"));

        assertArrayEquals(fromFiles, decode(Mrt2Models.codec(codecDir, checkpoint, WeightStorage.F32)));
        try (Mrt2FrameModel m = Mrt2Models.load(dir, Mrt2Models.TINY_NAME, false)) {
            assertEquals(Mrt2Models.TINY_NAME, m.info().name(), "the whole model loads with the codec from the checkpoint");
        }
    }

    @Test
    void decoderKeysWithoutTheConvLevelLoadTheSameWeights() throws Exception {
        float[] withConv = decode(Mrt2Models.codec(codecDir, checkpoint, WeightStorage.F32));
        Path file = codecDir.resolve("decoder.safetensors");
        Path flat = tmp.resolve("flat.safetensors");
        try (SafetensorsFile dec = SafetensorsFile.open(file)) {
            SafetensorsWriter w = new SafetensorsWriter().metadata("config", dec.metadata().get("config"));
            for (String n : dec.names()) {
                FloatTensor t = dec.read(n);
                w.put(new FloatTensor(n.replace("/conv/", "/"), t.shape(), t.data()));
            }
            w.write(flat);
        }
        Files.move(flat, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (SafetensorsFile dec = SafetensorsFile.open(file)) {
            assertTrue(dec.names().stream().noneMatch(n -> n.contains("/conv/")));
        }
        assertArrayEquals(withConv, decode(Mrt2Models.codec(codecDir, checkpoint, WeightStorage.F32)));
    }

    @Test
    void whenNeitherPlaceHoldsTheCodecTheErrorGivesBothReasons() throws Exception {
        Files.delete(codecDir.resolve("quantizer.safetensors"));
        WeightException e = assertThrows(WeightException.class, () -> Mrt2Models.codec(codecDir, checkpoint, WeightStorage.F32));
        assertTrue(e.getMessage().contains("quantizer.safetensors: missing"), e.getMessage());
        assertTrue(e.getMessage().contains("and in the checkpoint: ") && e.getMessage().contains("no tensor ending in"), e.getMessage());
    }
}
