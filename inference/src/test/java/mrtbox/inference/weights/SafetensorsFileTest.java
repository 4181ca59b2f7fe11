package mrtbox.inference.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir Path dir;

    /** Builds a file by hand so the test does not depend on our writer for the format. */
    private Path raw(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static byte[] le(int bytesPerValue, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * bytesPerValue).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            if (bytesPerValue == 4) b.putInt((int) v); else b.putShort((short) v);
        }
        return b.array();
    }

    @Test
    void readsF32F16Bf16AndMetadata() throws IOException {
        byte[] f32 = le(4, Float.floatToIntBits(1.5f), Float.floatToIntBits(-2f), Float.floatToIntBits(3.25f), Float.floatToIntBits(0f));
        byte[] f16 = le(2, 0x3C00, 0xC000, 0x0001); // 1, -2, smallest subnormal
        byte[] bf16 = le(2, 0x3FC0, 0xC040); // 1.5, -3
        byte[] all = new byte[f32.length + f16.length + bf16.length];
        System.arraycopy(f32, 0, all, 0, 16);
        System.arraycopy(f16, 0, all, 16, 6);
        System.arraycopy(bf16, 0, all, 22, 4);
        String header = "{\"__metadata__\":{\"format\":\"np\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[16,22]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[22,26]}}";
        try (SafetensorsFile f = SafetensorsFile.open(raw(header, all))) {
            assertEquals(java.util.Set.of("a", "h", "b"), f.names());
            assertEquals("np", f.metadata().get("format"));
            assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 0f}, f.read("a", 2, 2).toArray());
            assertArrayEquals(new float[] {1f, -2f, 0x1p-24f}, f.read("h").toArray());
            assertArrayEquals(new float[] {1.5f, -3f}, f.read("b").toArray());
            assertArrayEquals(new long[] {1, 2}, f.shape("b"));
            WeightException wrongShape = assertThrows(WeightException.class, () -> f.read("a", 4));
            assertTrue(wrongShape.getMessage().contains("'a' has shape [2, 2], expected [4]"), wrongShape.getMessage());
            WeightException missing = assertThrows(WeightException.class, () -> f.read("nope"));
            assertTrue(missing.getMessage().contains("no tensor 'nope'"), missing.getMessage());
        }
    }

    @Test
    void writerRoundTrips() throws IOException {
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(i);
        Path f = dir.resolve("w.safetensors");
        new SafetensorsWriter().metadata("k", "v").put("x/y", new long[] {10, 100}, v).put("z", new long[] {2}, new float[] {7, 8}).write(f);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertArrayEquals(v, s.read("x/y", 10, 100).toArray());
            assertArrayEquals(new float[] {7, 8}, s.read("z").toArray());
            assertEquals("v", s.metadata().get("k"));
        }
    }

    @Test
    void truncatedDataIsNamed() throws IOException {
        Path good = dir.resolve("g.safetensors");
        new SafetensorsWriter().put("w", new long[] {64}, new float[64]).write(good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        WeightException e = assertThrows(WeightException.class, () -> SafetensorsFile.open(cut));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedHeaderAndTinyFiles() throws IOException {
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(assertThrows(WeightException.class, () -> SafetensorsFile.open(tiny)).getMessage().contains("8-byte header length"));
        Path shortHeader = dir.resolve("sh");
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(500);
        Files.write(shortHeader, b.array());
        assertTrue(assertThrows(WeightException.class, () -> SafetensorsFile.open(shortHeader)).getMessage().contains("truncated"));
        Path huge = dir.resolve("huge");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertTrue(assertThrows(WeightException.class, () -> SafetensorsFile.open(huge)).getMessage().contains("header length"));
        Path missing = dir.resolve("missing.safetensors");
        assertTrue(assertThrows(WeightException.class, () -> SafetensorsFile.open(missing)).getMessage().contains("cannot open"));
    }

    @Test
    void corruptHeadersAreRejectedWithReasons() throws IOException {
        byte[] data = new byte[16];
        assertMessage(raw("{not json", data), "not JSON");
        assertMessage(raw("[1,2]", data), "expected a JSON object");
        assertMessage(raw("{\"a\":{\"dtype\":\"Q9\",\"shape\":[4],\"data_offsets\":[0,16]}}", data), "unknown dtype 'Q9'");
        assertMessage(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,16]}}", data), "16 bytes of data for F32 shape [5]");
        assertMessage(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,0]}}", data), "bad data_offsets");
        assertMessage(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0]}}", data), "data_offsets must be");
        assertMessage(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}", data), "bad shape");
        assertMessage(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", data), "overlap");
        try (SafetensorsFile f = SafetensorsFile.open(raw("{\"i\":{\"dtype\":\"I32\",\"shape\":[4],\"data_offsets\":[0,16]}}", data))) {
            assertTrue(assertThrows(WeightException.class, () -> f.read("i")).getMessage().contains("only F32, F16 and BF16"));
        }
    }

    private static void assertMessage(Path file, String expected) {
        WeightException e = assertThrows(WeightException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
        assertTrue(e.getMessage().contains(file.toString()), "message should name the file: " + e.getMessage());
    }
}
