package mrtbox.inference.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.inference.style.TfliteMusicCoca;

/**
 * The manifest of an installed model ({@code mrtbox-model.json} at the top of its directory): its kind and name,
 * which file or folder serves each component, and every file with its size and SHA-256. For MRT v1 the
 * components are {@code llm} (the T5X checkpoint .tar or directory), {@code musiccoca} and {@code spectrostream}.
 * Immutable.
 *
 * <pre>{"format": 1, "kind": "mrt-v1", "name": "mrt-v1-base",
 *  "components": {"llm": "checkpoints/llm_base_x4286_c1860k.tar", ...},
 *  "files": [{"path": "checkpoints/llm_base_x4286_c1860k.tar", "size": 1390000000, "sha256": "..."}]}</pre>
 */
public record ModelManifest(String kind, String name, Map<String, String> components, List<FileEntry> files) {
    public static final String FILE_NAME = "mrtbox-model.json";
    private static final String MRT2 = "mrt2";
    /** An MRT2 install's MusicCoCa folder (the release's .tflite files). */
    public static final String MUSICCOCA_TFLITE = "musiccoca";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of the model, relative to the model directory. */
    public record FileEntry(String path, long size, String sha256) {
        public FileEntry {
            if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalArgumentException("unsafe or empty file path in manifest: '" + path + "'");
            }
            if (size < 0) throw new IllegalArgumentException(path + ": negative size");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException(path + ": sha256 must be 64 lower-case hex digits");
        }
    }

    public ModelManifest {
        components = Map.copyOf(components);
        files = List.copyOf(files);
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("model name '" + name + "' must be letters, digits, '.', '_' or '-'");
    }

    public static ModelManifest read(Path file) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a valid manifest: " + e.getMessage(), e);
        }
        return parse(n, file.toString());
    }

    public static ModelManifest parse(JsonNode n, String where) throws IOException {
        if (n == null || n.path("format").asInt(0) != 1) throw new IOException(where + ": manifest 'format' must be 1");
        Map<String, String> comps = new LinkedHashMap<>();
        n.path("components").fields().forEachRemaining(e -> comps.put(e.getKey(), e.getValue().asText()));
        List<FileEntry> files = new ArrayList<>();
        try {
            for (JsonNode f : n.path("files")) files.add(new FileEntry(f.path("path").asText(null), f.path("size").asLong(-1), f.path("sha256").asText(null)));
            return new ModelManifest(n.path("kind").asText(""), n.path("name").asText(null), comps, files);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.put("kind", kind);
        root.put("name", name);
        ObjectNode c = root.putObject("components");
        components.forEach(c::put);
        ArrayNode a = root.putArray("files");
        for (FileEntry f : files) a.addObject().put("path", f.path()).put("size", f.size()).put("sha256", f.sha256());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds a manifest for the files already in {@code dir} (every regular file but the manifest), hashing each. */
    public static ModelManifest describe(Path dir, String kind, String name, Map<String, String> components) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                if (!Files.isRegularFile(p) || p.getFileName().toString().equals(FILE_NAME)) continue;
                String rel = dir.relativize(p).toString().replace('\\', '/');
                files.add(new FileEntry(rel, Files.size(p), sha256(p)));
            }
        }
        return new ModelManifest(kind, name, components, files);
    }

    /**
     * What is missing or wrong in an installed model directory, one line each; empty when everything matches.
     * Checks every listed file's presence, size and SHA-256, that each component exists, that known components
     * hold the files their loader needs ({@link ComponentLayouts}: e.g. the SpectroStream SavedModel or safetensors
     * layout), and for MRT2 that its MusicCoCa folder holds the files prompts need.
     */
    public List<String> verify(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        for (FileEntry f : files) {
            Path p = dir.resolve(f.path());
            if (!Files.isRegularFile(p)) {
                problems.add(f.path() + ": missing");
            } else if (Files.size(p) != f.size()) {
                problems.add(f.path() + ": " + Files.size(p) + " bytes, expected " + f.size());
            } else if (!sha256(p).equals(f.sha256())) {
                problems.add(f.path() + ": SHA-256 differs from the manifest (corrupt or a different release)");
            }
        }
        for (Map.Entry<String, String> c : components.entrySet()) {
            Path p = dir.resolve(c.getValue());
            if (!Files.exists(p)) problems.add("component " + c.getKey() + ": " + c.getValue() + " missing");
            else problems.addAll(ComponentLayouts.problems(c.getKey(), c.getValue(), p, kind));
        }
        String musiccoca = components.get(MUSICCOCA_TFLITE);
        if (MRT2.equals(kind) && musiccoca != null && Files.isDirectory(dir.resolve(musiccoca))) {
            for (String f : TfliteMusicCoca.missingRequired(dir.resolve(musiccoca))) problems.add("component musiccoca: " + musiccoca + "/" + f + " missing (needed for prompts)");
            for (String f : TfliteMusicCoca.missingAudio(dir.resolve(musiccoca))) problems.add("component musiccoca: " + musiccoca + "/" + f + " missing (needed for audio prompts)");
        }
        return problems;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
