package mrtbox.inference.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code .safetensors} file: u64 little-endian header length N, N bytes of JSON
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the raw little-endian
 * tensor bytes (offsets are relative to the end of the header).
 *
 * <p>The whole header is validated when the file is opened, so a truncated or corrupt file fails at once with
 * a message naming the file and the tensor. Tensors are memory-mapped one at a time when read (Java 17 maps at
 * most 2 GiB per mapping, and no single checkpoint tensor comes near that); F32 tensors are handed out as a view
 * of the mapping without copying, F16 and BF16 are converted to float32.
 */
public final class SafetensorsFile implements WeightSource {
    /** The safetensors format itself caps the header at 100 MB; anything larger is corruption, not a model. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** Element types this reader converts to float32. Others are listed but refused on read. */
    public enum DType {
        F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }
    }

    /** One header entry, offsets already made absolute within the file. */
    public record Entry(String name, DType dtype, long[] shape, long fileOffset, long byteLength) {
        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, Map<String, Entry> entries, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and validates the header; tensor data is read lazily. */
    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new WeightException(path + ": cannot open safetensors file: " + e.getMessage(), e);
        }
        try {
            return parse(path, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new WeightException(path + ": not a safetensors file: " + size + " bytes, the 8-byte header length is missing");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long headerLen = lenBuf.flip().getLong();
        if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
            throw new WeightException(path + ": not a safetensors file: header length " + Long.toUnsignedString(headerLen)
                    + " is outside 1.." + MAX_HEADER_BYTES);
        }
        if (8 + headerLen > size) {
            throw new WeightException(path + ": truncated: header says " + headerLen + " bytes of JSON but the file has only "
                    + (size - 8) + " bytes after the length");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
        readFully(ch, headerBuf, 8);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(new String(headerBuf.array(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new WeightException(path + ": corrupt safetensors header (not JSON): " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightException(path + ": corrupt safetensors header: expected a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode node = f.getValue();
            if (name.equals("__metadata__")) {
                if (!node.isObject()) throw new WeightException(path + ": __metadata__ must be an object of strings");
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.put(name, parseEntry(path, name, node, dataStart, dataLen));
        }
        checkNoOverlap(path, entries);
        return new SafetensorsFile(path, ch, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata));
    }

    private static Entry parseEntry(Path path, String name, JsonNode node, long dataStart, long dataLen) throws WeightException {
        String where = path + ": tensor '" + name + "'";
        if (!node.isObject()) throw new WeightException(where + ": header entry is not an object");
        String dtypeName = node.path("dtype").asText("");
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new WeightException(where + ": unknown dtype '" + dtypeName + "'");
        }
        JsonNode shapeNode = node.path("shape");
        if (!shapeNode.isArray()) throw new WeightException(where + ": missing shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) throw new WeightException(where + ": bad shape " + shapeNode);
            shape[i] = d.asLong();
        }
        JsonNode off = node.path("data_offsets");
        if (!off.isArray() || off.size() != 2 || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new WeightException(where + ": data_offsets must be [begin, end]");
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin) throw new WeightException(where + ": bad data_offsets [" + begin + ", " + end + "]");
        if (end > dataLen) {
            throw new WeightException(where + ": data_offsets end " + end + " lies beyond the data section (" + dataLen
                    + " bytes): the file is truncated");
        }
        long expected;
        try {
            expected = Math.multiplyExact(FloatTensor.elementCount(shape), dtype.bytes);
        } catch (ArithmeticException e) {
            throw new WeightException(where + ": shape too large");
        }
        if (end - begin != expected) {
            throw new WeightException(where + ": " + (end - begin) + " bytes of data for " + dtype + " shape "
                    + java.util.Arrays.toString(shape) + " (expected " + expected + ")");
        }
        return new Entry(name, dtype, shape, dataStart + begin, end - begin);
    }

    private static void checkNoOverlap(Path path, Map<String, Entry> entries) throws WeightException {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort((a, b) -> Long.compare(a.fileOffset, b.fileOffset));
        for (int i = 1; i < sorted.size(); i++) {
            Entry prev = sorted.get(i - 1);
            Entry cur = sorted.get(i);
            if (cur.fileOffset < prev.fileOffset + prev.byteLength) {
                throw new WeightException(path + ": tensors '" + prev.name + "' and '" + cur.name + "' overlap: corrupt header");
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("unexpected end of file");
            pos += n;
        }
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public Set<String> names() {
        return entries.keySet();
    }

    /** The free-form string map stored under {@code __metadata__} (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public Entry entry(String name) throws WeightException {
        Entry e = entries.get(name);
        if (e == null) throw new WeightException(path + ": no tensor '" + name + "' (" + entries.size() + " tensors in file)");
        return e;
    }

    @Override
    public long[] shape(String name) throws IOException {
        return entry(name).shape();
    }

    @Override
    public long storedBytes(String name) throws IOException {
        return entry(name).byteLength();
    }

    @Override
    public FloatTensor read(String name) throws IOException {
        Entry e = entry(name);
        ByteBuffer bytes = map(e);
        int n = (int) (e.byteLength / e.dtype.bytes);
        FloatBuffer data;
        switch (e.dtype) {
            case F32 -> data = bytes.asFloatBuffer();
            case BF16, F16 -> {
                float[] out = new float[n];
                boolean bf = e.dtype == DType.BF16;
                for (int i = 0; i < n; i++) {
                    int bits = bytes.getShort(2 * i) & 0xFFFF;
                    out[i] = bf ? HalfFloats.bf16ToFloat(bits) : HalfFloats.f16ToFloat(bits);
                }
                data = FloatBuffer.wrap(out);
            }
            default -> throw new WeightException(path + ": tensor '" + name + "' is " + e.dtype
                    + "; only F32, F16 and BF16 weights can be read as float");
        }
        return new FloatTensor(name, e.shape, data);
    }

    /** The raw little-endian bytes of one tensor, memory-mapped. */
    public ByteBuffer map(Entry e) throws IOException {
        if (e.byteLength > Integer.MAX_VALUE) {
            throw new WeightException(path + ": tensor '" + e.name + "' is " + e.byteLength
                    + " bytes; one mapping is limited to 2 GiB on Java 17");
        }
        if (e.byteLength == 0) return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        MappedByteBuffer m = channel.map(FileChannel.MapMode.READ_ONLY, e.fileOffset, e.byteLength);
        return m.order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + entries.size() + " tensors]";
    }
}
