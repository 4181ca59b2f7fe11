package mrtbox.inference.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamWeights;
import mrtbox.inference.mrt2.Mrt2Config;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.mrt2.Mrt2Params;
import mrtbox.inference.mrtv1.MrtV1Config;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.testutil.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every tensor accounted for: the tensor lists the loaders derive from an architecture, pinned against the
 * reference's variable lists (the golden cases' parameter lists and the real decoder's list) and the released
 * sizes, and the inventory's report of missing, mis-shaped and unexpected tensors.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TensorInventoryTest {
    @Test
    void theReleasedMrtV1SizesArePinned() {
        assertEquals(430, MrtV1Models.tensorShapes(MrtV1Config.base()).size(), "MRT v1 base tensors");
        assertEquals(347.9, Math.round(params(MrtV1Models.tensorShapes(MrtV1Config.base())) / 1e5) / 10.0, "MRT v1 base M parameters");
        assertEquals(MrtV1Config.base().parameterCount(), params(MrtV1Models.tensorShapes(MrtV1Config.base())));
        assertEquals(538, MrtV1Models.tensorShapes(MrtV1Config.large()).size(), "MRT v1 large tensors");
        assertEquals(largeFromTheReferenceGin(), params(MrtV1Models.tensorShapes(MrtV1Config.large())), "MRT v1 large parameters");
        assertEquals(761_651_456L, largeFromTheReferenceGin());
    }

    /**
     * MRT v1 large counted by hand from the reference's {@code depthformer/configs/mrt_merged_large.gin} (magenta-realtime's
     * v1 code, initial commit): EMBED_DIM 1024, NUM_HEADS 16 x HEAD_DIM 64, MLP_DIM = DEPTH_MLP_DIM 2816, 24 encoder / 20
     * temporal / 4 depth layers, vocabulary round_vocab_size_to_multiple(29698) = 29824, FixedEmbed positions (computed,
     * no parameters), no encoder relative bias, temporal bias 16 x 128 buckets, depth bias 16 x 16, logits not tied.
     * The "~763 M" once quoted for the release is most likely the checkpoint size read as float32 (3.05 GB / 4),
     * which this figure rounds to: 761,651,456 x 4 B = 3.047 GB.
     */
    private static long largeFromTheReferenceGin() {
        long d = 1024, attn = 16 * 64, mlp = 2816, vocab = 29824;
        long attention = 4 * d * attn;
        long gatedMlp = 3 * d * mlp;
        long encoderLayer = 2 * d + attention + gatedMlp;       // pre-attention and pre-MLP norms
        long temporalLayer = 3 * d + 2 * attention + gatedMlp;  // self-attention, encoder-decoder attention, MLP
        long depthLayer = 2 * d + attention + gatedMlp;         // no cross-attention
        long global = 2 * vocab * d + 2 * d + 16 * 128 + 16 * 16; // token embedder, logits, two final norms, two biases
        return global + 24 * encoderLayer + 20 * temporalLayer + 4 * depthLayer;
    }

    @Test
    void theMrt2BaseRawCheckpointHas618TensorsWithItsCodec() throws IOException {
        Map<String, long[]> all = Mrt2Params.rawCheckpoint(Mrt2Config.base(), SpectroStreamConfig.real());
        assertEquals(618, all.size(), "MRT2 base raw checkpoint tensors, codec included");
        assertEquals(569, Mrt2Params.shapes(Mrt2Config.base()).size(), "MRT2 base Depthformer tensors");
    }

    @Test
    void theCodecListMatchesTheRealDecodersVariableList() throws IOException {
        JsonNode ref = new ObjectMapper().readTree(Golden.caseDir("spectrostream_dec_a").resolve("real_decoder_param_shapes.json").toFile()).path("shapes");
        Map<String, long[]> ours = SpectroStreamWeights.rawCheckpointShapes(SpectroStreamConfig.real());
        assertSameTensors(ref, ours);
    }

    @Test
    void theMrtV1ListMatchesTheGoldenCheckpointsParameterList() throws IOException {
        JsonNode config = new ObjectMapper().readTree(Golden.mrtV1().resolve("config.json").toFile());
        assertEquals(config.path("num_parameters_tensors").asInt(), config.path("parameter_shapes").size());
        assertSameTensors(config.path("parameter_shapes"), MrtV1Models.tensorShapes(MrtV1Config.fromCaseConfig(config)));
    }

    @Test
    void theGoldenCheckpointsAreExactlyWhatTheLoadersRead() throws IOException {
        JsonNode v1 = new ObjectMapper().readTree(Golden.mrtV1().resolve("config.json").toFile());
        try (T5xCheckpoint ckpt = T5xCheckpoint.open(Golden.mrtV1().resolve(v1.path("checkpoint_tar").asText()))) {
            TensorInventory inv = MrtV1Models.inventory(ckpt);
            assertTrue(inv.exact(), String.join("\n", inv.report()));
            assertEquals(70, inv.tensors());
            assertEquals(List.of("state.step"), inv.outside(), "T5X training state is listed apart");
        }
        try (SafetensorsFile w = SafetensorsFile.open(Golden.caseDir("mrt2_step_a").resolve("weights.safetensors"))) {
            TensorInventory inv = Mrt2Models.inventory(w);
            assertTrue(inv.exact(), String.join("\n", inv.report()));
            assertEquals(w.names().size(), inv.expected());
        }
    }

    @Test
    void aCheckpointWithAStrayAMissingAndAMisshapedTensorIsReportedByName() throws IOException {
        Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("a/kernel", new long[] {2, 3});
        expected.put("b/kernel", new long[] {4});
        expected.put("c/bias", new long[] {3});
        InMemoryWeights w = new InMemoryWeights("test.ckpt")
                .put("a/kernel", new long[] {2, 3}, new float[6])
                .put("c/bias", new long[] {5}, new float[5])
                .put("optimizer/state", new long[] {7}, new float[7]);
        TensorInventory inv = TensorInventory.of(w, expected);
        assertFalse(inv.exact());
        assertEquals(List.of("b/kernel"), inv.missing());
        assertEquals(List.of("c/bias [5], expected [3]"), inv.misshaped());
        assertEquals(List.of("optimizer/state"), inv.unexpected());
        assertEquals(3, inv.tensors());
        assertEquals(18, inv.parameters());
        assertEquals(72, inv.bytes(), "float32 when the format does not say");
        assertEquals("3 tensors, 0.0 M parameters, 0.0 MB (expected 3): 1 missing, 1 mis-shaped, 1 unexpected", inv.summary());
        assertEquals(List.of("test.ckpt: " + inv.summary(), "missing: b/kernel", "mis-shaped: c/bias [5], expected [3]", "unexpected: optimizer/state"),
                inv.report());
    }

    @Test
    void storedBytesFollowTheSafetensorsDtype(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("w.safetensors");
        new SafetensorsWriter().put(new FloatTensor("x", new long[] {10}, java.nio.FloatBuffer.wrap(new float[10]))).write(f);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertEquals(40, TensorInventory.of(s, Map.of("x", new long[] {10})).bytes());
        }
    }

    @Test
    void tensorsOutsideTheModelAreListedApartButAnExpectedNameNeverIs() throws IOException {
        InMemoryWeights w = new InMemoryWeights("t").put("state.step", new long[] {1}, new float[1]).put("state.x", new long[] {2}, new float[2]);
        TensorInventory inv = TensorInventory.of(w, Map.of("state.x", new long[] {2}), n -> n.startsWith("state."));
        assertTrue(inv.exact());
        assertEquals(List.of("state.step"), inv.outside());
        assertEquals(1, inv.tensors());
        assertTrue(inv.summary().endsWith("; 1 outside the model not counted"), inv.summary());
    }

    private static long params(Map<String, long[]> shapes) {
        long n = 0;
        for (long[] s : shapes.values()) n += FloatTensor.elementCount(s);
        return n;
    }

    private static void assertSameTensors(JsonNode ref, Map<String, long[]> ours) {
        assertEquals(ref.size(), ours.size(), "tensor count");
        for (Iterator<Map.Entry<String, JsonNode>> it = ref.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long[] want = new long[e.getValue().size()];
            for (int i = 0; i < want.length; i++) want[i] = e.getValue().get(i).asLong();
            assertTrue(ours.containsKey(e.getKey()), "missing " + e.getKey());
            assertArrayEquals(want, ours.get(e.getKey()), e.getKey());
        }
    }
}
