package mrtbox.inference.style;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prompt embeddings kept in memory and, when a directory is given, on disk, keyed by model id and prompt key,
 * so recalling a scene never re-embeds. Disk entries are little-endian float files named by the SHA-256 of
 * (model, key), written atomically; an unreadable entry is logged, ignored and recomputed.
 */
public final class EmbeddingCache {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingCache.class);
    private static final int MAGIC = 0x4D52_5445; // "MRTE"

    private final Map<String, float[]> memory = new ConcurrentHashMap<>();
    private final Path dir; // null: memory only

    public EmbeddingCache(Path dir) {
        this.dir = dir;
    }

    public static EmbeddingCache inMemory() {
        return new EmbeddingCache(null);
    }

    public Optional<float[]> get(String modelId, String key, int dim) {
        String id = id(modelId, key);
        float[] v = memory.get(id);
        if (v != null) return Optional.of(v.clone());
        if (dir == null) return Optional.empty();
        Path f = dir.resolve(id + ".emb");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 8 || b.getInt() != MAGIC) throw new IOException("bad header");
            int n = b.getInt();
            if (n != dim || b.remaining() != 4 * n) throw new IOException(n + " floats, expected " + dim);
            float[] out = new float[n];
            b.asFloatBuffer().get(out);
            memory.put(id, out);
            return Optional.of(out.clone());
        } catch (IOException e) {
            log.warn("ignoring unreadable cached embedding {} for {}: {}", f, key, e.getMessage());
            return Optional.empty();
        }
    }

    public void put(String modelId, String key, float[] embedding) {
        String id = id(modelId, key);
        memory.put(id, embedding.clone());
        if (dir == null) return;
        try {
            Files.createDirectories(dir);
            ByteBuffer b = ByteBuffer.allocate(8 + 4 * embedding.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(MAGIC).putInt(embedding.length);
            for (float x : embedding) b.putFloat(x);
            Path tmp = Files.createTempFile(dir, id, ".tmp");
            Files.write(tmp, b.array());
            Files.move(tmp, dir.resolve(id + ".emb"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("could not save embedding for {} in {}: {}", key, dir, e.getMessage());
        }
    }

    public int memorySize() {
        return memory.size();
    }

    static String id(String modelId, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(modelId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
