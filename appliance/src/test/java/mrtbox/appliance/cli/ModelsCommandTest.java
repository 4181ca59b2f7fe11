package mrtbox.appliance.cli;

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
import mrtbox.inference.style.TinyMusicCoca;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void installListAndVerifyThroughTheCommandLine() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/checkpoints"));
        Files.writeString(src.resolve("llm.tar"), "pretend checkpoint bytes");
        String out = run(0, "models", "describe", tmp.resolve("src").toString(), "--name", "mine", "--component", "llm=checkpoints/llm.tar");
        assertTrue(out.contains("(1 files)"), out);
        ModelManifest m = ModelManifest.read(tmp.resolve("src").resolve(ModelManifest.FILE_NAME));
        assertEquals(Map.of("llm", "checkpoints/llm.tar"), m.components());
        String models = tmp.resolve("models").toString();

        out = run(0, "models", "--models-dir", models, "install", tmp.resolve("src").toString());
        assertTrue(out.contains("100% checkpoints/llm.tar") && out.contains("installed"), out);
        out = run(0, "models", "--models-dir", models, "list");
        assertTrue(out.contains("mine") && out.contains("mrt-v1"), out);
        out = run(0, "models", "--models-dir", models, "verify");
        assertTrue(out.contains("mine: OK"), out);
        // Without --models-dir, the models directory of the config named by --config, as run finds it.
        Path config = Files.writeString(tmp.resolve("box.json"), "{\"paths\": {\"state\": \"state\", \"models\": \"models\"}}");
        out = run(0, "models", "--config", config.toString(), "list");
        assertTrue(out.contains("mine") && out.contains("mrt-v1"), out);

        Files.writeString(tmp.resolve("models/mine/checkpoints/llm.tar"), "damaged");
        out = run(1, "models", "--models-dir", models, "verify", "mine");
        assertTrue(out.contains("checkpoints/llm.tar: 7 bytes, expected 24"), out);
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
        assertTrue(out.contains("musiccoca (resources/musiccoca): text prompts and audio prompts, mapper absent"), out);

        Files.delete(dir.resolve("resources/musiccoca/text_encoder.tflite"));
        out = run(1, "models", "--models-dir", models.toString(), "verify", "styled");
        assertTrue(out.contains("component musiccoca: resources/musiccoca/text_encoder.tflite missing (needed for prompts)"), out);
        assertTrue(out.contains("lacks text_encoder.tflite: prompts do not steer the model"), out);
    }
}
