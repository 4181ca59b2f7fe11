package mrtbox.inference.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Test-only writer of T5X-style checkpoints (msgpack index + zarr v2 arrays) with chosen chunking, dtype and
 * compression, so the reader is checked against layouts the golden case does not use.
 */
public final class CheckpointFixture {
    private final Path dir;
    private final Map<String, Object> target = new LinkedHashMap<>();

    public CheckpointFixture(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** Adds a zarr array. dtype "<f4", ">f4", "bfloat16", "<f2"; compressor "gzip", "zlib" or null. */
    CheckpointFixture array(String dotted, long[] shape, long[] chunks, float[] values, String dtype, String compressor,
                            String fillValue) throws IOException {
        String name = "target." + dotted;
        Path arr = Files.createDirectories(dir.resolve(name));
        String comp = compressor == null ? "null" : "{\"id\":\"" + compressor + "\",\"level\":1}";
        Files.writeString(arr.resolve(".zarray"), "{\"chunks\":" + json(chunks) + ",\"compressor\":" + comp
                + ",\"dimension_separator\":\".\",\"dtype\":\"" + dtype + "\",\"fill_value\":" + fillValue
                + ",\"filters\":null,\"order\":\"C\",\"shape\":" + json(shape) + ",\"zarr_format\":2}");
        int rank = shape.length;
        long[] grid = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            grid[i] = (shape[i] + chunks[i] - 1) / chunks[i];
            count *= grid[i];
        }
        long chunkElems = 1;
        for (long c : chunks) chunkElems *= c;
        for (long c = 0; c < count; c++) {
            long[] idx = new long[rank];
            long rem = c;
            for (int i = rank - 1; i >= 0; i--) {
                idx[i] = rem % grid[i];
                rem /= grid[i];
            }
            ByteBuffer bb = ByteBuffer.allocate((int) chunkElems * width(dtype)).order(dtype.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            for (long e = 0; e < chunkElems; e++) {
                // position inside the chunk -> global index; out of bounds (ragged edge) stays 0 padding
                long r = e;
                long flat = 0;
                boolean inside = true;
                long[] local = new long[rank];
                for (int i = rank - 1; i >= 0; i--) {
                    local[i] = r % chunks[i];
                    r /= chunks[i];
                }
                for (int i = 0; i < rank; i++) {
                    long g = idx[i] * chunks[i] + local[i];
                    if (g >= shape[i]) inside = false;
                    flat = flat * shape[i] + g;
                }
                float v = inside ? values[(int) flat] : 0f;
                switch (dtype) {
                    case "<f4", ">f4" -> bb.putFloat(v);
                    case "bfloat16" -> bb.putShort((short) HalfFloats.floatToBf16(v));
                    case "<f2" -> bb.putShort(Float16.of(v));
                    default -> throw new IllegalArgumentException(dtype);
                }
            }
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < rank; i++) key.append(i == 0 ? "" : ".").append(idx[i]);
            Files.write(arr.resolve(rank == 0 ? "0" : key.toString()), compress(bb.array(), compressor));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("driver", "zarr");
        spec.put("dtype", "float32");
        spec.put("kvstore", Map.of("driver", "file", "path", name));
        spec.put("metadata", Map.of("compressor", Map.of("id", "gzip"), "shape", list(shape), "chunks", list(chunks)));
        put(dotted, spec);
        return this;
    }

    /** An array written inline into the index (flax ext type 1); {@code dotted} is under {@code target.}. */
    public CheckpointFixture inline(String dotted, long[] shape, float[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) bb.putFloat(v);
        byte[] payload = MsgpackWriter.encode(java.util.List.of(list(shape), "float32", bb.array()));
        put(dotted, new Msgpack.Ext(1, payload));
        return this;
    }

    /** Writes the {@code checkpoint} index (version 3, step in state.step). */
    public Path writeIndex(long step) throws IOException {
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("target", target);
        optimizer.put("state", Map.of("step", step));
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", 3L);
        top.put("optimizer", optimizer);
        Files.write(dir.resolve("checkpoint"), MsgpackWriter.encode(top));
        return dir;
    }

    @SuppressWarnings("unchecked")
    private void put(String dotted, Object leaf) {
        String[] parts = dotted.split("\\.");
        Map<String, Object> node = target;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        node.put(parts[parts.length - 1], leaf);
    }

    static byte[] compress(byte[] raw, String compressor) throws IOException {
        if (compressor == null) return raw;
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream o = compressor.equals("gzip") ? new GZIPOutputStream(bos) : new DeflaterOutputStream(bos)) {
            o.write(raw);
        }
        return bos.toByteArray();
    }

    private static int width(String dtype) {
        return dtype.endsWith("f4") ? 4 : 2;
    }

    private static java.util.List<Object> list(long[] a) {
        java.util.List<Object> l = new java.util.ArrayList<>();
        for (long v : a) l.add(v);
        return l;
    }

    private static String json(long[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ",").append(a[i]);
        return sb.append(']').toString();
    }

    /** Runs GNU tar (a real archiver, so the reader is checked against archives it did not write itself). */
    static void tar(Path archive, Path dirOfContent, String format, String... members) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("tar", "--format=" + format, "-cf",
                archive.toString(), "-C", dirOfContent.toString()));
        cmd.addAll(java.util.List.of(members));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("tar failed: " + out);
    }

    /** float32 -> IEEE binary16 bits (round to nearest even) for values in the normal range, test data only. */
    static final class Float16 {
        static short of(float f) {
            int bits = Float.floatToIntBits(f);
            int sign = (bits >>> 16) & 0x8000;
            int exp = ((bits >>> 23) & 0xff) - 127 + 15;
            int mant = bits & 0x7fffff;
            if ((bits & 0x7fffffff) == 0) return (short) sign;
            if (exp <= 0 || exp >= 31) throw new IllegalArgumentException("test value out of half range: " + f);
            int half = sign | (exp << 10) | (mant >>> 13);
            int rest = mant & 0x1fff;
            if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) half++;
            return (short) half;
        }
    }
}
