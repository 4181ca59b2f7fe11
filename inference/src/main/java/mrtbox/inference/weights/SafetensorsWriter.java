package mrtbox.inference.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes float32 tensors as a {@code .safetensors} file (the inverse of {@link SafetensorsFile}): used to save
 * built-in tiny models and by tests that need files in the release format. Written to a temp file and renamed.
 */
public final class SafetensorsWriter {
    private final Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter put(FloatTensor t) {
        tensors.put(t.name(), t);
        return this;
    }

    public SafetensorsWriter put(String name, long[] shape, float[] data) {
        return put(new FloatTensor(name, shape, java.nio.FloatBuffer.wrap(data)));
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (FloatTensor t : tensors.values()) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", "F32");
            var shape = e.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            long len = 4L * t.data().remaining();
            e.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - headerBytes.length % 8) % 8; // keep the data 8-byte aligned, as the reference writer does
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length + pad);
            out.write(len.array());
            out.write(headerBytes);
            for (int i = 0; i < pad; i++) out.write(' ');
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (FloatTensor t : tensors.values()) {
                var data = t.data().duplicate();
                while (data.hasRemaining()) {
                    buf.clear();
                    while (buf.remaining() >= 4 && data.hasRemaining()) buf.putFloat(data.get());
                    out.write(buf.array(), 0, buf.position());
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
