package mrtbox.inference.mrt2;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.testutil.Golden;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A BF16 raw checkpoint (as released) loads to exactly the model of the same values stored as F32. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class Mrt2Bf16Test {
    private static int bf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16; // round to nearest even
    }

    @Test
    void bf16CheckpointEqualsItsF32Widening(@TempDir Path dir) throws Exception {
        Path bf = dir.resolve("bf16.safetensors");
        Path f32 = dir.resolve("f32.safetensors");
        SafetensorsWriter wide = new SafetensorsWriter();
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        try (SafetensorsFile golden = SafetensorsFile.open(Golden.caseDir("mrt2_step_a").resolve("weights.safetensors"))) {
            for (String name : golden.names()) {
                FloatTensor t = golden.read(name);
                float[] v = t.toArray();
                ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                float[] widened = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    int h = bf16(v[i]);
                    b.putShort((short) h);
                    widened[i] = Float.intBitsToFloat(h << 16);
                }
                ObjectNode e = header.putObject(name);
                e.put("dtype", "BF16");
                var shape = e.putArray("shape");
                for (long d : t.shape()) shape.add(d);
                e.putArray("data_offsets").add(data.size()).add(data.size() + b.capacity());
                data.write(b.array());
                wide.put(name, t.shape(), widened);
            }
        }
        byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(bf)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            data.writeTo(out);
        }
        wide.write(f32);
        Mrt2Config c = Mrt2Config.tiny();
        int[] pos = NoteConditioning.DEFAULT.positive(new int[] {325, 98, 979, 657, 802, 453}, NoteFrame.SILENT);
        int[][] idsBf = new int[4][12], idsF32 = new int[4][12];
        try (SafetensorsFile a = SafetensorsFile.open(bf); SafetensorsFile b = SafetensorsFile.open(f32);
             Mrt2GraphLlm la = Mrt2GraphLlm.load(a, c, true, 0); Mrt2GraphLlm lb = Mrt2GraphLlm.load(b, c, true, 0)) {
            assertEquals(c, Mrt2Config.fromWeights(a).withWindow(3));
            int[][] rows = {pos, NoteConditioning.styleMasked(pos), NoteConditioning.notesMasked(pos)};
            for (int f = 0; f < 4; f++) {
                Mrt2Llm.Probe pa = new Mrt2Llm.Probe(), pb = new Mrt2Llm.Probe();
                pa.logits = new float[12 * Mrt2Vocab.VOCAB];
                pb.logits = new float[12 * Mrt2Vocab.VOCAB];
                la.step(rows, Mrt2Sampling.greedy(3, 1, 1), 0, null, idsBf[f], pa);
                lb.step(rows, Mrt2Sampling.greedy(3, 1, 1), 0, null, idsF32[f], pb);
                assertArrayEquals(pb.logits, pa.logits, 0f, "frame " + f);
            }
        }
        assertArrayEquals(idsF32, idsBf);
    }
}
