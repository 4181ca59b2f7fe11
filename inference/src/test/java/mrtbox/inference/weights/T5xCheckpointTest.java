package mrtbox.inference.weights;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import mrtbox.inference.testutil.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class T5xCheckpointTest {
    @TempDir
    Path tmp;

    private static final Path CASE = Golden.mrtV1();
    private static final Path DIR = CASE.resolve("checkpoints/llm_tinya_x0000_c1860k");
    private static final Path TAR = CASE.resolve("checkpoints/llm_tinya_x0000_c1860k.tar");
    private static final String WI0 = "target.encoder.layers_0.mlp.wi_0.kernel";

    private static JsonNode shapes() throws IOException {
        return new ObjectMapper().readTree(CASE.resolve("config.json").toFile()).get("parameter_shapes");
    }

    @Test
    void goldenDirectoryListsExactlyTheConfiguredParametersWithTheirShapes() throws Exception {
        JsonNode shapes = shapes();
        try (T5xCheckpoint ckpt = T5xCheckpoint.open(DIR)) {
            Set<String> expected = new TreeSet<>();
            shapes.fieldNames().forEachRemaining(expected::add);
            Set<String> targets = ckpt.names().stream().filter(n -> n.startsWith("target.")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, targets);
            assertEquals(70, targets.size());
            assertEquals(1_860_000L, ckpt.step().orElseThrow());
            for (Iterator<Map.Entry<String, JsonNode>> it = shapes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long[] shape = new long[e.getValue().size()];
                for (int i = 0; i < shape.length; i++) shape[i] = e.getValue().get(i).asLong();
                FloatTensor t = ckpt.read(e.getKey(), shape);
                float[] v = t.toArray();
                assertEquals(FloatTensor.elementCount(shape), v.length);
                for (float x : v) assertTrue(Float.isFinite(x), e.getKey());
                // the README promises bfloat16-representable values: a check that the bytes were decoded in place
                for (float x : v) assertEquals(x, HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(x)), 0f, e.getKey());
            }
        }
    }

    @Test
    void tarIsReadInPlaceAndMatchesTheDirectoryBitForBit() throws Exception {
        try (T5xCheckpoint dir = T5xCheckpoint.open(DIR); T5xCheckpoint tar = T5xCheckpoint.open(TAR)) {
            assertEquals(dir.names(), tar.names());
            assertEquals(1_860_000L, tar.step().orElseThrow());
            for (String name : dir.names()) {
                assertArrayEquals(dir.shape(name), tar.shape(name), name);
                assertArrayEquals(dir.read(name).toArray(), tar.read(name).toArray(), name);
            }
        }
    }

    @Test
    void assemblesChunkGridsWithRaggedEdgesForEveryCompressor() throws Exception {
        float[] v2 = ramp(5 * 7);
        float[] v3 = ramp(3 * 4 * 5);
        float[] v1 = ramp(10);
        Path d = new CheckpointFixture(tmp.resolve("c"))
                .array("a.gz", new long[] {5, 7}, new long[] {2, 3}, v2, "<f4", "gzip", "null")
                .array("a.zlib", new long[] {5, 7}, new long[] {5, 2}, v2, "<f4", "zlib", "null")
                .array("a.raw", new long[] {5, 7}, new long[] {4, 7}, v2, "<f4", null, "null")
                .array("b.cube", new long[] {3, 4, 5}, new long[] {2, 3, 2}, v3, "<f4", "gzip", "null")
                .array("c.vec", new long[] {10}, new long[] {4}, v1, "<f4", "gzip", "null")
                .writeIndex(7);
        try (T5xCheckpoint c = T5xCheckpoint.open(d)) {
            assertEquals(7L, c.step().orElseThrow());
            assertArrayEquals(v2, c.read("target.a.gz", 5, 7).toArray());
            assertArrayEquals(v2, c.read("target.a.zlib", 5, 7).toArray());
            assertArrayEquals(v2, c.read("target.a.raw", 5, 7).toArray());
            assertArrayEquals(v3, c.read("target.b.cube", 3, 4, 5).toArray());
            assertArrayEquals(v1, c.read("target.c.vec", 10).toArray());
        }
    }

    @Test
    void convertsBfloat16Float16AndBigEndianAndInlineArrays() throws Exception {
        float[] v = {0f, 1f, -2.5f, 0.15625f, 3.0e-3f, -65504f};
        Path d = new CheckpointFixture(tmp.resolve("c"))
                .array("bf", new long[] {2, 3}, new long[] {1, 3}, v, "bfloat16", "gzip", "null")
                .array("h", new long[] {6}, new long[] {6}, v, "<f2", "gzip", "null")
                .array("be", new long[] {6}, new long[] {4}, v, ">f4", null, "null")
                .inline("small", new long[] {2}, new float[] {4f, 5f})
                .writeIndex(1);
        try (T5xCheckpoint c = T5xCheckpoint.open(d)) {
            float[] bf = c.read("target.bf").toArray();
            for (int i = 0; i < v.length; i++) assertEquals(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(v[i])), bf[i], 0f);
            float[] h = c.read("target.h").toArray();
            for (int i = 0; i < v.length; i++) assertEquals(v[i], h[i], Math.abs(v[i]) * 1e-3f);
            assertArrayEquals(v, c.read("target.be").toArray());
            assertArrayEquals(new float[] {4f, 5f}, c.read("target.small", 2).toArray());
        }
    }

    @Test
    void newestCheckpointStepFolderWinsAndArchivesMayHoldAFolder() throws Exception {
        new CheckpointFixture(tmp.resolve("run/checkpoint_100")).array("w", new long[] {2}, new long[] {2}, new float[] {1, 1}, "<f4", "gzip", "null").writeIndex(100);
        new CheckpointFixture(tmp.resolve("run/checkpoint_200")).array("w", new long[] {2}, new long[] {2}, new float[] {2, 2}, "<f4", "gzip", "null").writeIndex(200);
        try (T5xCheckpoint c = T5xCheckpoint.open(tmp.resolve("run"))) {
            assertEquals(200L, c.step().orElseThrow());
            assertArrayEquals(new float[] {2, 2}, c.read("target.w").toArray());
        }
        // GNU-format tar (long names as 'L' entries) holding one checkpoint_N folder
        Path gnu = tmp.resolve("run.tar");
        CheckpointFixture.tar(gnu, tmp.resolve("run"), "gnu", "checkpoint_100");
        try (T5xCheckpoint c = T5xCheckpoint.open(gnu)) {
            assertEquals(100L, c.step().orElseThrow());
            assertTrue(c.location().endsWith("run.tar!/checkpoint_100"), c.location());
            assertArrayEquals(new float[] {1, 1}, c.read("target.w").toArray());
        }
        // the golden checkpoint's folder re-archived as ustar under a top folder with long member names
        Path ustar = tmp.resolve("golden.tar");
        CheckpointFixture.tar(ustar, DIR.getParent(), "posix", DIR.getFileName().toString());
        try (T5xCheckpoint a = T5xCheckpoint.open(ustar); T5xCheckpoint b = T5xCheckpoint.open(DIR)) {
            String longest = b.names().stream().max((x, y) -> x.length() - y.length()).orElseThrow();
            assertTrue((DIR.getFileName() + "/" + longest + "/.zarray").length() > 100, "member names longer than a ustar name field");
            assertArrayEquals(b.read(longest).toArray(), a.read(longest).toArray());
        }
    }

    @Test
    void missingChunkIsAnErrorUnlessTheArrayHasAFillValue() throws Exception {
        Path d = new CheckpointFixture(tmp.resolve("c"))
                .array("nofill", new long[] {4}, new long[] {2}, ramp(4), "<f4", "gzip", "null")
                .array("fill", new long[] {4}, new long[] {2}, ramp(4), "<f4", "gzip", "0.5")
                .writeIndex(1);
        Files.delete(d.resolve("target.nofill/1"));
        Files.delete(d.resolve("target.fill/1"));
        try (T5xCheckpoint c = T5xCheckpoint.open(d)) {
            assertArrayEquals(new float[] {-3f, -2.5f, 0.5f, 0.5f}, c.read("target.fill").toArray());
            WeightException e = assertThrows(WeightException.class, () -> c.read("target.nofill"));
            assertMessage(e, "target.nofill/1", "tensor 'target.nofill'", "chunk 1 is missing");
        }
    }

    @Test
    void wrongShapeMissingTensorAndMissingArrayAreNamed() throws Exception {
        Path copy = copyGolden();
        Files.delete(copy.resolve("target.encoder.encoder_norm.scale/.zarray"));
        try (T5xCheckpoint c = T5xCheckpoint.open(copy)) {
            WeightException e = assertThrows(WeightException.class, () -> c.read(WI0, 32, 16));
            assertMessage(e, "tensor '" + WI0 + "'", "has shape [16, 32], expected [32, 16]");
            e = assertThrows(WeightException.class, () -> c.read("target.encoder.layers_9.attention.query.kernel"));
            assertMessage(e, "tensor 'target.encoder.layers_9.attention.query.kernel' is not in the checkpoint index");
            e = assertThrows(WeightException.class, () -> c.read("target.encoder.encoder_norm.scale"));
            assertMessage(e, "target.encoder.encoder_norm.scale/.zarray", "missing", "listed in the index");
        }
    }

    @Test
    void zarrayThatClaimsMoreDataThanItsChunksHoldIsTruncated() throws Exception {
        Path copy = copyGolden();
        Path meta = copy.resolve(WI0 + "/.zarray");
        Files.writeString(meta, Files.readString(meta).replace("\"chunks\":[16,16]", "\"chunks\":[16,17]"));
        try (T5xCheckpoint c = T5xCheckpoint.open(copy)) {
            WeightException e = assertThrows(WeightException.class, () -> c.read(WI0));
            assertMessage(e, WI0 + "/0.0", "tensor '" + WI0 + "'", "truncated", "expected 1088");
        }
    }

    @Test
    void corruptAndTruncatedGzipChunksAreNamed() throws Exception {
        Path copy = copyGolden();
        Path chunk = copy.resolve(WI0 + "/0.1");
        byte[] b = Files.readAllBytes(chunk);
        byte[] flipped = b.clone();
        for (int i = 12; i < flipped.length - 8; i++) flipped[i] ^= 0x5a;
        Files.write(chunk, flipped);
        try (T5xCheckpoint c = T5xCheckpoint.open(copy)) {
            WeightException e = assertThrows(WeightException.class, () -> c.read(WI0));
            assertMessage(e, WI0 + "/0.1", "tensor '" + WI0 + "': chunk 0.1");
        }
        Files.write(chunk, Arrays.copyOf(b, b.length / 2));
        try (T5xCheckpoint c = T5xCheckpoint.open(copy)) {
            WeightException e = assertThrows(WeightException.class, () -> c.read(WI0));
            assertMessage(e, WI0 + "/0.1", "truncated");
        }
        Files.write(chunk, new byte[] {1, 2, 3});
        try (T5xCheckpoint c = T5xCheckpoint.open(copy)) {
            WeightException e = assertThrows(WeightException.class, () -> c.read(WI0));
            assertMessage(e, WI0 + "/0.1", "corrupt");
        }
    }

    @Test
    void truncatedArchiveSaysWhereItEndsAndWhichTensorIsCut() throws Exception {
        String chunk = "target.decoder.logits_dense.kernel/0.1";
        byte[] all = Files.readAllBytes(TAR);
        byte[] member;
        String after = null;
        long offset;
        try (TarFiles t = TarFiles.open(TAR)) {
            try (var in = t.open(chunk)) {
                member = in.readAllBytes();
            }
            offset = indexOf(all, member);
            assertTrue(offset > indexOf(all, "checkpoint\0".getBytes()), "the golden tar stores the index before this chunk");
            for (String p : t.paths()) {
                if (p.endsWith("/.zarray") && indexOf(all, p.getBytes()) > offset + member.length) after = p.substring(0, p.length() - 8);
            }
        }
        assertTrue(after != null, "some tensor is stored after the cut");
        Path cut = tmp.resolve("cut.tar");
        Files.write(cut, Arrays.copyOf(all, (int) (offset + member.length / 2)));
        try (T5xCheckpoint c = T5xCheckpoint.open(cut)) {
            WeightException e = assertThrows(WeightException.class, () -> c.read("target.decoder.logits_dense.kernel"));
            assertMessage(e, "cut.tar!/" + chunk, "truncated", "the archive ends at byte " + (offset + member.length / 2));
            String name = after;
            e = assertThrows(WeightException.class, () -> c.read(name));
            assertMessage(e, name, "missing", "the archive ends at byte");
        }
    }

    @Test
    void truncatedIndexAndNonArchivesFailClearly() throws Exception {
        Path copy = copyGolden();
        byte[] index = Files.readAllBytes(copy.resolve("checkpoint"));
        Files.write(copy.resolve("checkpoint"), Arrays.copyOf(index, index.length - 40));
        WeightException e = assertThrows(WeightException.class, () -> T5xCheckpoint.open(copy));
        assertMessage(e, copy.resolve("checkpoint").toString(), "msgpack truncated");

        Path junk = tmp.resolve("junk.tar");
        Files.write(junk, "this is not an archive, only some text. ".repeat(50).getBytes());
        e = assertThrows(WeightException.class, () -> T5xCheckpoint.open(junk));
        assertMessage(e, "junk.tar", "is this a tar archive?");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(WeightException.class, () -> T5xCheckpoint.open(empty));
        assertMessage(e, "not a T5X checkpoint");
    }

    @Test
    void unsupportedCompressorIsNamed() throws Exception {
        Path copy = copyGolden();
        Path meta = copy.resolve(WI0 + "/.zarray");
        Files.writeString(meta, Files.readString(meta).replace("\"id\":\"gzip\"", "\"id\":\"blosc\""));
        try (T5xCheckpoint c = T5xCheckpoint.open(copy)) {
            WeightException e = assertThrows(WeightException.class, () -> c.read(WI0));
            assertMessage(e, WI0, "compressor 'blosc' is not supported");
        }
    }

    private Path copyGolden() throws IOException {
        Path dst = tmp.resolve("copy");
        try (var s = Files.walk(DIR)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path to = dst.resolve(DIR.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return dst;
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i * 0.5f - 3f;
        return v;
    }

    private static long indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
