package mrtbox.appliance.cli;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mrtbox.inference.install.ModelManifest;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.mrtv1.MrtV1Config;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.weights.CheckpointFixture;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.style.TinyMusicCoca;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ModelsCommandTest {
    @TempDir
    Path tmp;

    private String run(int expectedExit, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectedExit, MrtboxCommand.commandLine().execute(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** A tiny MRT v1 T5X checkpoint with every tensor its dimensions imply, plus {@code extra} ones. */
    private static void writeV1Checkpoint(Path dir, String... extra) throws Exception {
        MrtV1Config c = MrtV1Config.builder().dModel(4).heads(1, 4).mlpDim(2).layers(1, 1, 1).build();
        CheckpointFixture f = new CheckpointFixture(dir);
        Map<String, long[]> shapes = new java.util.LinkedHashMap<>(MrtV1Models.tensorShapes(c));
        for (String e : extra) shapes.put(e, new long[] {3});
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            f.inline(e.getKey().substring("target.".length()), e.getValue(), new float[(int) FloatTensor.elementCount(e.getValue())]);
        }
        f.writeIndex(1860000);
    }

    @Test
    void installListAndVerifyThroughTheCommandLine() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/checkpoints"));
        writeV1Checkpoint(src.resolve("llm"));
        String out = run(0, "models", "describe", tmp.resolve("src").toString(), "--name", "mine", "--component", "llm=checkpoints/llm");
        assertTrue(out.contains("(1 files)"), out);
        ModelManifest m = ModelManifest.read(tmp.resolve("src").resolve(ModelManifest.FILE_NAME));
        assertEquals(Map.of("llm", "checkpoints/llm"), m.components());
        String models = tmp.resolve("models").toString();

        out = run(0, "models", "--models-dir", models, "install", tmp.resolve("src").toString());
        assertTrue(out.contains("100% checkpoints/llm/checkpoint") && out.contains("installed"), out);
        out = run(0, "models", "--models-dir", models, "list");
        assertTrue(out.contains("mine") && out.contains("mrt-v1"), out);
        out = run(0, "models", "--models-dir", models, "verify");
        assertTrue(out.contains("mine: OK"), out);
        assertTrue(out.contains("tensors of checkpoints/llm: 38 tensors, 0.2 M parameters, 1.0 MB (expected 38): 0 missing, 0 mis-shaped, 0 unexpected"), out);
        // Without --models-dir, the models directory of the config named by --config, as run finds it.
        Path config = Files.writeString(tmp.resolve("box.json"), "{\"paths\": {\"state\": \"state\", \"models\": \"models\"}}");
        out = run(0, "models", "--config", config.toString(), "list");
        assertTrue(out.contains("mine") && out.contains("mrt-v1"), out);

        Path installed = tmp.resolve("models/mine/checkpoints/llm/checkpoint");
        long size = Files.size(installed);
        Files.writeString(installed, "damaged");
        out = run(1, "models", "--models-dir", models, "verify", "mine");
        assertTrue(out.contains("checkpoints/llm/checkpoint: 7 bytes, expected " + size), out);
    }

    @Test
    void verifyFailsOnACheckpointWithATensorTheArchitectureDoesNotHave() throws Exception {
        Path dir = tmp.resolve("models/odd");
        writeV1Checkpoint(dir.resolve("checkpoints/llm"), "target.decoder.extra_head.kernel");
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), ModelManifest.describe(dir, "mrt-v1", "odd", Map.of("llm", "checkpoints/llm")).toJson());
        String out = run(1, "models", "--models-dir", tmp.resolve("models").toString(), "verify", "odd");
        assertTrue(out.contains("odd: 1 problem(s)"), out);
        assertTrue(out.contains("component llm: the checkpoint's tensors do not match the architecture they imply"), out);
        assertTrue(out.contains("39 tensors") && out.contains("(expected 38): 0 missing, 0 mis-shaped, 1 unexpected"), out);
        assertTrue(out.contains("unexpected: target.decoder.extra_head.kernel"), out);
    }

    @Test
    void verifyFailsOnAnUnreadableCheckpointAndNamesIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("models/junk/checkpoints"));
        Files.writeString(dir.resolve("llm.tar"), "pretend checkpoint bytes");
        Path model = tmp.resolve("models/junk");
        Files.writeString(model.resolve(ModelManifest.FILE_NAME), ModelManifest.describe(model, "mrt-v1", "junk", Map.of("llm", "checkpoints/llm.tar")).toJson());
        String out = run(1, "models", "--models-dir", tmp.resolve("models").toString(), "verify", "junk");
        assertTrue(out.contains("component llm: checkpoints/llm.tar cannot be read as a checkpoint: "), out);
    }

    @Test
    void verifyReportsAnMrt2InstallsMusicCocaFiles() throws Exception {
        Path models = tmp.resolve("models");
        Path dir = models.resolve("styled");
        Mrt2Models.writeTiny(dir, 5);
        TinyMusicCoca.write(dir.resolve("resources/musiccoca"), 6, false);
        ModelManifest m = Mrt2Models.describeInstall(dir, Mrt2Models.TINY_NAME);
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), new ModelManifest(m.kind(), "styled", m.components(), m.files()).toJson());

        String out = run(0, "models", "--models-dir", models.toString(), "verify", "styled");
        assertTrue(out.contains("styled: OK"), out);
        assertTrue(out.contains(": 0 missing, 0 mis-shaped, 0 unexpected"), out);
        assertTrue(out.contains("musiccoca (resources/musiccoca): text prompts and audio prompts, mapper absent"), out);

        Files.delete(dir.resolve("resources/musiccoca/text_encoder.tflite"));
        out = run(1, "models", "--models-dir", models.toString(), "verify", "styled");
        assertTrue(out.contains("component musiccoca: resources/musiccoca/text_encoder.tflite missing (needed for prompts)"), out);
        assertTrue(out.contains("lacks text_encoder.tflite: prompts do not steer the model"), out);
    }
}
