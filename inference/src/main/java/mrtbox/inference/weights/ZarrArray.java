package mrtbox.inference.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * One zarr v2 array as TensorStore writes them for T5X: a {@code .zarray} JSON plus one file per chunk named by
 * its grid indices ({@code 0.0}, {@code 1.0}, ...). Reads float32, bfloat16, float16 and float64 (little or big
 * endian), uncompressed or gzip/zlib chunks, C order, any chunk grid including ragged edge chunks.
 * The {@code .zarray} is the authority on shape, chunks and dtype.
 */
final class ZarrArray {
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum DType {
        F32(4), F64(8), F16(2), BF16(2);
        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    private enum Codec { NONE, GZIP, ZLIB }

    private final CheckpointFiles files;
    private final String dir;
    private final String tensor;
    private final long[] shape;
    private final long[] chunks;
    private final DType dtype;
    private final ByteOrder order;
    private final Codec codec;
    private final String separator;
    /** null when the array has no fill value: then a missing chunk file is damage, not zeros. */
    private final Float fill;

    private ZarrArray(CheckpointFiles files, String dir, String tensor, JsonNode meta) throws WeightException {
        this.files = files;
        this.dir = dir;
        this.tensor = tensor;
        String where = where();
        if (meta.path("zarr_format").asInt(2) != 2) throw new WeightException(where + ": zarr_format " + meta.get("zarr_format") + ", only 2 is supported");
        this.shape = longs(meta, "shape", where);
        this.chunks = longs(meta, "chunks", where);
        if (shape.length != chunks.length) {
            throw new WeightException(where + ": shape " + Arrays.toString(shape) + " and chunks " + Arrays.toString(chunks) + " differ in rank");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || chunks[i] <= 0) throw new WeightException(where + ": bad shape " + Arrays.toString(shape) + " / chunks " + Arrays.toString(chunks));
        }
        String dt = meta.path("dtype").asText("");
        switch (dt) {
            case "<f4", "|f4" -> { dtype = DType.F32; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f4" -> { dtype = DType.F32; order = ByteOrder.BIG_ENDIAN; }
            case "<f8" -> { dtype = DType.F64; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f8" -> { dtype = DType.F64; order = ByteOrder.BIG_ENDIAN; }
            case "<f2" -> { dtype = DType.F16; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f2" -> { dtype = DType.F16; order = ByteOrder.BIG_ENDIAN; }
            case "bfloat16", "<bfloat16" -> { dtype = DType.BF16; order = ByteOrder.LITTLE_ENDIAN; }
            default -> throw new WeightException(where + ": dtype '" + dt + "' is not a float type this reader knows (float32, bfloat16, float16, float64)");
        }
        String ord = meta.path("order").asText("C");
        if (!ord.equals("C")) throw new WeightException(where + ": order '" + ord + "', only C order is supported");
        JsonNode filters = meta.get("filters");
        if (filters != null && !filters.isNull() && !(filters.isArray() && filters.isEmpty())) {
            throw new WeightException(where + ": zarr filters " + filters + " are not supported (T5X writes none)");
        }
        JsonNode comp = meta.get("compressor");
        if (comp == null || comp.isNull()) {
            codec = Codec.NONE;
        } else {
            String id = comp.path("id").asText("");
            codec = switch (id) {
                case "gzip" -> Codec.GZIP;
                case "zlib" -> Codec.ZLIB;
                default -> throw new WeightException(where + ": compressor '" + id + "' is not supported (T5X checkpoints use gzip)");
            };
        }
        this.separator = meta.path("dimension_separator").asText(".");
        if (!separator.equals(".") && !separator.equals("/")) throw new WeightException(where + ": dimension_separator '" + separator + "'");
        JsonNode fv = meta.get("fill_value");
        if (fv == null || fv.isNull()) fill = null;
        else if (fv.isNumber()) fill = (float) fv.asDouble();
        else if (fv.isTextual() && fv.asText().equals("NaN")) fill = Float.NaN;
        else if (fv.isTextual() && fv.asText().equals("Infinity")) fill = Float.POSITIVE_INFINITY;
        else if (fv.isTextual() && fv.asText().equals("-Infinity")) fill = Float.NEGATIVE_INFINITY;
        else throw new WeightException(where + ": fill_value " + fv + " is not a number");
    }

    /** Opens the array in directory {@code dir} (relative to the checkpoint) that holds tensor {@code tensor}. */
    static ZarrArray open(CheckpointFiles files, String dir, String tensor) throws IOException {
        String metaPath = dir + "/.zarray";
        if (!files.exists(metaPath)) {
            // size() throws the missing-file message (with the truncation note for archives).
            files.size(metaPath);
            throw new WeightException(files.describe(metaPath) + ": missing");
        }
        byte[] json = files.readAll(metaPath, 1 << 20);
        JsonNode meta;
        try {
            meta = JSON.readTree(json);
        } catch (IOException e) {
            throw new WeightException(files.describe(metaPath) + ": tensor '" + tensor + "': .zarray is not valid JSON: " + e.getMessage());
        }
        if (meta == null || !meta.isObject()) throw new WeightException(files.describe(metaPath) + ": tensor '" + tensor + "': .zarray is not a JSON object");
        return new ZarrArray(files, dir, tensor, meta);
    }

    /** The array's size as stored, before compression: elements times the dtype's width. */
    long storedBytes() {
        return FloatTensor.elementCount(shape) * dtype.bytes;
    }

    long[] shape() {
        return shape.clone();
    }

    /** Reads the whole array as float32, C order. */
    float[] read() throws IOException {
        long total = FloatTensor.elementCount(shape);
        if (total > Integer.MAX_VALUE - 8) throw new WeightException(where() + ": " + total + " elements do not fit one Java array");
        float[] out = new float[(int) total];
        int rank = shape.length;
        long[] grid = new long[rank];
        long chunkCount = 1;
        for (int i = 0; i < rank; i++) {
            grid[i] = (shape[i] + chunks[i] - 1) / chunks[i];
            chunkCount *= grid[i];
        }
        if (total == 0) return out;
        long chunkElems = FloatTensor.elementCount(chunks);
        if (chunkElems * dtype.bytes > Integer.MAX_VALUE - 8) throw new WeightException(where() + ": chunks " + Arrays.toString(chunks) + " too large");
        byte[] raw = new byte[(int) (chunkElems * dtype.bytes)];
        long[] idx = new long[rank];
        for (long c = 0; c < chunkCount; c++) {
            // idx = the c-th chunk grid position, last axis fastest
            long rem = c;
            for (int i = rank - 1; i >= 0; i--) {
                idx[i] = rem % grid[i];
                rem /= grid[i];
            }
            String key = chunkKey(idx);
            String path = dir + "/" + key;
            if (!files.exists(path)) {
                if (fill == null) {
                    throw new WeightException(files.describe(path) + ": tensor '" + tensor + "': chunk " + key
                            + " is missing and the array has no fill value (damaged or incomplete checkpoint)");
                }
                fillChunk(out, idx);
                continue;
            }
            readChunk(path, key, raw);
            copyChunk(raw, out, idx);
        }
        return out;
    }

    private String chunkKey(long[] idx) {
        if (idx.length == 0) return "0";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < idx.length; i++) {
            if (i > 0) sb.append(separator);
            sb.append(idx[i]);
        }
        return sb.toString();
    }

    private void readChunk(String path, String key, byte[] raw) throws IOException {
        String what = files.describe(path) + ": tensor '" + tensor + "': chunk " + key;
        try (InputStream file = files.open(path);
             InputStream in = switch (codec) {
                 case NONE -> file;
                 case GZIP -> new GZIPInputStream(file, 1 << 16);
                 case ZLIB -> new InflaterInputStream(file);
             }) {
            int got = in.readNBytes(raw, 0, raw.length);
            if (got < raw.length) {
                throw new WeightException(what + " is truncated: " + got + " bytes" + (codec == Codec.NONE ? "" : " after " + codec.name().toLowerCase() + " decompression")
                        + ", expected " + raw.length + " (chunks " + Arrays.toString(chunks) + " of " + dtype.bytes + " bytes)");
            }
            if (in.read() >= 0) {
                throw new WeightException(what + " has more data than its " + raw.length + " bytes (chunks " + Arrays.toString(chunks) + ")");
            }
        } catch (ZipException e) {
            throw new WeightException(what + " is corrupt: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new WeightException(what + " is truncated: " + codec.name().toLowerCase() + " stream ends early", e);
        }
    }

    /** Copies the in-bounds part of one decoded chunk into its place in {@code out}. */
    private void copyChunk(byte[] raw, float[] out, long[] idx) {
        ByteBuffer bb = ByteBuffer.wrap(raw).order(order);
        java.nio.FloatBuffer fb = bb.asFloatBuffer();
        forEachRow(idx, (srcElem, dstElem, n) -> {
            switch (dtype) {
                case F32 -> fb.get(srcElem, out, dstElem, n);
                case F64 -> { for (int i = 0; i < n; i++) out[dstElem + i] = (float) bb.getDouble((srcElem + i) * 8); }
                case F16 -> { for (int i = 0; i < n; i++) out[dstElem + i] = HalfFloats.f16ToFloat(bb.getShort((srcElem + i) * 2)); }
                case BF16 -> { for (int i = 0; i < n; i++) out[dstElem + i] = HalfFloats.bf16ToFloat(bb.getShort((srcElem + i) * 2)); }
            }
        });
    }

    private void fillChunk(float[] out, long[] idx) {
        forEachRow(idx, (srcElem, dstElem, n) -> Arrays.fill(out, dstElem, dstElem + n, fill));
    }

    private interface RowCopy {
        void copy(int srcElem, int dstElem, int n);
    }

    /** Walks the in-bounds rows (runs along the last axis) of chunk {@code idx}. */
    private void forEachRow(long[] idx, RowCopy copy) {
        int rank = shape.length;
        if (rank == 0) {
            copy.copy(0, 0, 1);
            return;
        }
        long[] start = new long[rank];
        long[] extent = new long[rank];
        for (int i = 0; i < rank; i++) {
            start[i] = idx[i] * chunks[i];
            extent[i] = Math.min(chunks[i], shape[i] - start[i]);
        }
        int rowLen = (int) extent[rank - 1];
        long rows = 1;
        for (int i = 0; i < rank - 1; i++) rows *= extent[i];
        long[] pos = new long[rank];
        for (long r = 0; r < rows; r++) {
            long rem = r;
            for (int i = rank - 2; i >= 0; i--) {
                pos[i] = rem % extent[i];
                rem /= extent[i];
            }
            long src = 0, dst = 0;
            for (int i = 0; i < rank - 1; i++) {
                src = src * chunks[i] + pos[i];
                dst = dst * shape[i] + start[i] + pos[i];
            }
            src = src * chunks[rank - 1];
            dst = dst * shape[rank - 1] + start[rank - 1];
            copy.copy((int) src, (int) dst, rowLen);
        }
    }

    private String where() {
        return files.describe(dir) + " (tensor '" + tensor + "')";
    }

    private static long[] longs(JsonNode meta, String field, String where) throws WeightException {
        JsonNode n = meta.get(field);
        if (n == null || !n.isArray()) throw new WeightException(where + ": .zarray has no '" + field + "' array");
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).canConvertToLong()) throw new WeightException(where + ": .zarray '" + field + "' is not a list of integers");
            out[i] = n.get(i).asLong();
        }
        return out;
    }
}
