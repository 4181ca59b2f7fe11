package mrtbox.inference.mrt2;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.install.ModelManifest;
import mrtbox.inference.weights.WeightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class Mrt2InstallTest {
    @Test
    void anInstalledTinyModelLoadsByManifestAndPlaysExactlyLikeTheBuiltIn(@TempDir Path dir) throws Exception {
        Mrt2Models.writeTiny(dir, 21);
        ModelManifest m = Mrt2Models.describeInstall(dir, Mrt2Models.TINY_NAME);
        assertEquals("checkpoints/tiny-mrt2.safetensors", m.components().get("checkpoint"));
        assertTrue(m.verify(dir).isEmpty(), m.verify(dir).toString());
        StepControls c = new StepControls(new int[] {1, 2, 3, 4, 5, 6}, null, 0f, 40, 2f, NoteFrame.SILENT, Map.of());
        float[] a = new float[3840], b = new float[3840];
        try (Mrt2FrameModel installed = Mrt2Models.loadInstalled(dir, m, true); Mrt2FrameModel builtIn = Mrt2Models.tiny(21, true)) {
            installed.reset(0);
            builtIn.reset(0);
            for (int f = 0; f < 4; f++) {
                installed.step(c, a);
                builtIn.step(c, b);
                assertArrayEquals(builtIn.lastIds(), installed.lastIds(), "frame " + f);
                assertArrayEquals(b, a, "audio of frame " + f);
            }
        }
        try (Mrt2FrameModel byDir = Mrt2Models.load(dir, null, false)) {
            assertEquals(Mrt2Models.TINY_NAME, byDir.info().name());
        }
    }

    @Test
    void aDamagedInstallSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        Mrt2Models.writeTiny(dir, 3);
        ModelManifest m = Mrt2Models.describeInstall(dir, Mrt2Models.TINY_NAME);
        Path ckpt = dir.resolve("checkpoints/tiny-mrt2.safetensors");
        byte[] bytes = Files.readAllBytes(ckpt);
        Files.write(ckpt, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertFalse(m.verify(dir).isEmpty());
        WeightException e = assertThrows(WeightException.class, () -> Mrt2Models.loadInstalled(dir, m, false));
        assertTrue(e.getMessage().contains("tiny-mrt2.safetensors") && e.getMessage().contains("truncated"), e.getMessage());
        Files.delete(ckpt);
        WeightException missing = assertThrows(WeightException.class, () -> Mrt2Models.load(dir, null, false));
        assertTrue(missing.getMessage().contains("checkpoints"), missing.getMessage());
    }
}
