package mrtbox.inference.install;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ModelInstallerTest {
    @TempDir
    Path tmp;

    /** A source folder with an LLM "tar", a codec file and a manifest describing them. */
    private Path source(String name, long seed) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src-" + name + "-" + seed));
        SplittableRandom r = new SplittableRandom(seed);
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) big[i] = (byte) r.nextInt();
        Files.createDirectories(src.resolve("checkpoints"));
        Files.write(src.resolve("checkpoints/llm.tar"), big);
        for (String part : List.of("decoder", "quantizer")) { // the release's codec layout (contents do not matter here)
            Files.createDirectories(src.resolve("savedmodels/ssv2/" + part + "/variables"));
            Files.writeString(src.resolve("savedmodels/ssv2/" + part + "/variables/variables.index"), part + " index");
        }
        Files.writeString(src.resolve("savedmodels/ssv2/quantizer/saved_model.pb"), "quantizer");
        Files.writeString(src.resolve("savedmodels/ssv2/decoder/saved_model.pb"), "codec " + seed);
        ModelManifest m = ModelManifest.describe(src, "mrt-v1", name,
                Map.of("llm", "checkpoints/llm.tar", "spectrostream", "savedmodels/ssv2"));
        Files.writeString(src.resolve(ModelManifest.FILE_NAME), m.toJson());
        return src;
    }

    @Test
    void installsFromAFolderAndVerifies() throws Exception {
        Path src = source("m", 1);
        Path models = tmp.resolve("models");
        List<Long> progress = new ArrayList<>();
        Path dir = new ModelInstaller(models).install(src.toString(), (f, done, total) -> progress.add(done));
        assertEquals(models.resolve("m"), dir);
        assertArrayEquals(Files.readAllBytes(src.resolve("checkpoints/llm.tar")), Files.readAllBytes(dir.resolve("checkpoints/llm.tar")));
        ModelManifest m = ModelManifest.read(dir.resolve(ModelManifest.FILE_NAME));
        assertEquals(List.of(), m.verify(dir));
        assertEquals(m.files().stream().mapToLong(ModelManifest.FileEntry::size).sum(), progress.get(progress.size() - 1));
        assertFalse(Files.exists(models.resolve(".staging-m")));
    }

    @Test
    void verifyNamesMissingResizedAndCorruptFiles() throws Exception {
        Path dir = new ModelInstaller(tmp.resolve("models")).install(source("m", 2).toString(), (f, d, t) -> {});
        ModelManifest m = ModelManifest.read(dir.resolve(ModelManifest.FILE_NAME));
        byte[] b = Files.readAllBytes(dir.resolve("checkpoints/llm.tar"));
        b[12345] ^= 1;
        Files.write(dir.resolve("checkpoints/llm.tar"), b);
        Files.writeString(dir.resolve("savedmodels/ssv2/decoder/saved_model.pb"), "x");
        List<String> problems = m.verify(dir);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("checkpoints/llm.tar: SHA-256 differs"), problems.toString());
        assertTrue(problems.get(1).startsWith("savedmodels/ssv2/decoder/saved_model.pb: 1 bytes, expected"), problems.toString());
        Files.delete(dir.resolve("checkpoints/llm.tar"));
        assertTrue(m.verify(dir).contains("checkpoints/llm.tar: missing"));
    }

    @Test
    void verifyNamesTheFilesACodecLayoutLacks() throws Exception {
        Path dir = new ModelInstaller(tmp.resolve("models")).install(source("m", 6).toString(), (f, d, t) -> {});
        Path codec = dir.resolve("savedmodels/ssv2");
        Files.delete(codec.resolve("quantizer/variables/variables.index"));
        ModelManifest bare = new ModelManifest("mrt-v1", "m", Map.of("spectrostream", "savedmodels/ssv2"), List.of());
        assertEquals(List.of("component spectrostream: savedmodels/ssv2/quantizer/variables/variables.index missing (SavedModel layout)"), bare.verify(dir));

        Path flat = Files.createDirectories(dir.resolve("flat"));
        Files.writeString(flat.resolve("decoder.safetensors"), "x");
        ModelManifest safetensors = new ModelManifest("mrt2", "m", Map.of("spectrostream", "flat"), List.of());
        assertEquals(List.of("component spectrostream: flat/quantizer.safetensors missing (safetensors layout)"), safetensors.verify(dir));
        Files.delete(flat.resolve("decoder.safetensors"));
        assertEquals(List.of("component spectrostream: flat holds neither the release's SavedModels (decoder/, quantizer/) nor decoder.safetensors + quantizer.safetensors"),
                safetensors.verify(dir));

        ModelManifest style = new ModelManifest("mrt-v1", "m", Map.of("musiccoca", "flat"), List.of());
        assertEquals(List.of("component musiccoca: flat/saved_model.pb missing (SavedModel)"), style.verify(dir));
    }

    @Test
    void aFailedInstallLeavesThePreviousModelIntactAndResumesLater() throws Exception {
        Path models = tmp.resolve("models");
        ModelInstaller installer = new ModelInstaller(models);
        Path dir = installer.install(source("m", 3).toString(), (f, d, t) -> {});
        byte[] before = Files.readAllBytes(dir.resolve("checkpoints/llm.tar"));

        // version 2 whose codec file is corrupted after its manifest was written
        Path v2 = source("m", 4);
        Files.writeString(v2.resolve("savedmodels/ssv2/decoder/saved_model.pb"), "codec 9");
        IOException e = assertThrows(IOException.class, () -> installer.install(v2.toString(), (f, d, t) -> {}));
        assertTrue(e.getMessage().contains("savedmodels/ssv2/decoder/saved_model.pb: SHA-256"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("checkpoints/llm.tar")), "previous model untouched");
        assertEquals(List.of(), ModelManifest.read(dir.resolve(ModelManifest.FILE_NAME)).verify(dir));
        // the big file already arrived in staging: the retry does not copy it again
        assertTrue(Files.exists(models.resolve(".staging-m/checkpoints/llm.tar")));
        Files.writeString(v2.resolve("savedmodels/ssv2/decoder/saved_model.pb"), "codec 4");
        List<String> files = new ArrayList<>();
        installer.install(v2.toString(), (f, d, t) -> files.add(f));
        assertEquals(1, files.stream().filter(f -> f.equals("checkpoints/llm.tar")).count(), "skipped, not re-copied: " + files);
        assertArrayEquals(Files.readAllBytes(v2.resolve("checkpoints/llm.tar")), Files.readAllBytes(dir.resolve("checkpoints/llm.tar")));
    }

    @Test
    void installsOverHttpAndResumesAPartialFileWithRange() throws Exception {
        Path src = source("h", 5);
        AtomicInteger rangeRequests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/m/", ex -> {
            Path p = src.resolve(ex.getRequestURI().getPath().substring(3));
            if (!Files.isRegularFile(p)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] all = Files.readAllBytes(p);
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null) {
                rangeRequests.incrementAndGet();
                from = Integer.parseInt(range.substring(6, range.length() - 1));
            }
            byte[] body = Arrays.copyOfRange(all, from, all.length);
            ex.sendResponseHeaders(range == null ? 200 : 206, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            Path models = tmp.resolve("models");
            // an earlier attempt left half of the big file behind
            Path part = Files.createDirectories(models.resolve(".staging-h/checkpoints")).resolve("llm.tar.part");
            byte[] big = Files.readAllBytes(src.resolve("checkpoints/llm.tar"));
            Files.write(part, Arrays.copyOf(big, big.length / 2));
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/m";
            Path dir = new ModelInstaller(models).install(url, (f, d, t) -> {});
            assertEquals(1, rangeRequests.get());
            assertArrayEquals(big, Files.readAllBytes(dir.resolve("checkpoints/llm.tar")));
            assertEquals(List.of(), ModelManifest.read(dir.resolve(ModelManifest.FILE_NAME)).verify(dir));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void manifestsRejectUnsafePaths() {
        assertThrows(IllegalArgumentException.class, () -> new ModelManifest.FileEntry("../etc/passwd", 1, "0".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new ModelManifest.FileEntry("/abs", 1, "0".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new ModelManifest.FileEntry("ok", 1, "xyz"));
    }
}
