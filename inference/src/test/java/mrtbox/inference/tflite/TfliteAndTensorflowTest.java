package mrtbox.inference.tflite;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Both native stacks in one JVM on the one JavaCPP the root pom pins: TensorFlow Java runs a graph and TensorFlow
 * Lite runs a model written by {@link TfliteWriter}, in either order, and again after each other.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class TfliteAndTensorflowTest {

    static Path addModel(Path dir) throws IOException {
        TfliteWriter w = new TfliteWriter();
        int x = w.tensor("x", TfliteWriter.FLOAT32, 1, 4);
        int k = w.constant("k", new float[] {10f, 20f, 30f, 40f}, 4);
        int y = w.tensor("y", TfliteWriter.FLOAT32, 1, 4);
        w.op(TfliteWriter.ADD, new int[] {x, k}, new int[] {y}).inputs(x).outputs(y);
        return w.write(dir.resolve("add.tflite"));
    }

    static float tfJava() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            var out = tf.math.add(tf.constant(new float[] {1f, 2f}), tf.constant(new float[] {3f, 4f}));
            try (TFloat32 t = (TFloat32) s.runner().fetch(out).run().get(0)) {
                return t.getFloat(0) + t.getFloat(1);
            }
        }
    }

    @Test
    void tensorflowJavaAndTfliteRunInOneJvm(@TempDir Path dir) throws Exception {
        assertEquals("1.5.14", Loader.getVersion(), "the JavaCPP the root pom pins");
        assertEquals(10f, tfJava());
        try (TfliteModel m = TfliteModel.load(addModel(dir))) {
            assertEquals(1, m.inputs().size());
            assertEquals(TfliteModel.DType.FLOAT32, m.inputs().get(0).dtype());
            assertArrayEquals(new int[] {1, 4}, m.inputs().get(0).shape());
            float[] y = (float[]) m.run((Object) new float[] {1f, 2f, 3f, 4f})[0];
            assertArrayEquals(new float[] {11f, 22f, 33f, 44f}, y);
            assertEquals(10f, tfJava()); // TF still fine with TFLite loaded
            // a short input is zero-padded, as the reference copies what fits
            assertArrayEquals(new float[] {11f, 20f, 30f, 40f}, (float[]) m.run((Object) new float[] {1f})[0]);
            IOException tooLong = assertThrows(IOException.class, () -> m.run((Object) new float[5]));
            assertTrue(tooLong.getMessage().contains("holds 4 values, given 5"), tooLong.getMessage());
            IOException wrongType = assertThrows(IOException.class, () -> m.run((Object) new int[4]));
            assertTrue(wrongType.getMessage().contains("cannot take a int[]"), wrongType.getMessage());
        }
    }

    @Test
    void aFileThatIsNotAModelFailsClearly(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.tflite"), "this is not a flatbuffer at all, just text");
        IOException e = assertThrows(IOException.class, () -> TfliteModel.load(junk));
        assertTrue(e.getMessage().contains("not a TensorFlow Lite model"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> TfliteModel.load(dir.resolve("nope.tflite")));
        assertTrue(missing.getMessage().endsWith("missing"), missing.getMessage());
    }
}
