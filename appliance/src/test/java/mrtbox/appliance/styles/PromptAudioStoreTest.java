package mrtbox.appliance.styles;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.web.PromptAudioAccess.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads of every format the style model can embed are stored and turn the slot to them (FLAC, Ogg Vorbis and MP3
 * fixtures from the inference tests; WAV, AIFF and AU written here); a file that passes the header check but does not
 * decode is refused with the reason, leaves nothing behind, and the slot keeps its prompt.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PromptAudioStoreTest {
    @TempDir Path state;

    private ParameterRegistry registry() {
        ParameterRegistry r = new ParameterRegistry();
        r.registerAll(StandardParams.all());
        return r;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = PromptAudioStoreTest.class.getResourceAsStream("/mrtbox/inference/style/formats/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private static byte[] javaSound(AudioFileFormat.Type type) throws IOException {
        AudioFormat f = new AudioFormat(16000, 16, 1, true, type != AudioFileFormat.Type.WAVE);
        byte[] pcm = new byte[16000 * 2];
        for (int i = 0; i < 16000; i++) {
            int v = (int) Math.round(8000 * Math.sin(2 * Math.PI * 220 * i / 16000.0));
            pcm[2 * i + (f.isBigEndian() ? 0 : 1)] = (byte) (v >> 8);
            pcm[2 * i + (f.isBigEndian() ? 1 : 0)] = (byte) v;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), f, 16000), type, out);
        return out.toByteArray();
    }

    @Test
    void everyEmbeddableFormatIsStoredAndBecomesTheSlotsPrompt() throws IOException {
        ParameterRegistry registry = registry();
        PromptAudioStore store = new PromptAudioStore(state, registry);
        Object[][] uploads = {
                {Container.FLAC, fixture("tone.flac")}, {Container.OGG, fixture("tone.ogg")}, {Container.MP3, fixture("tone.mp3")},
                {Container.WAV, javaSound(AudioFileFormat.Type.WAVE)}, {Container.AIFF, javaSound(AudioFileFormat.Type.AIFF)},
                {Container.AU, javaSound(AudioFileFormat.Type.AU)}};
        for (int i = 0; i < uploads.length; i++) {
            int slot = i + 1;
            Container c = (Container) uploads[i][0];
            String answer = store.store(slot, "take." + c.name().toLowerCase(), c, (byte[]) uploads[i][1]);
            assertFalse(answer.contains("not"), answer);
            assertEquals("@" + slot, registry.snapshot().text(registry.require(StandardParams.promptText(slot))), c.toString());
            Path file = store.file(slot).orElseThrow();
            assertTrue(file.getFileName().toString().endsWith("." + c.name().toLowerCase()), file.toString());
            assertTrue(Files.size(file) > 0);
        }
    }

    @Test
    void aFileThatDoesNotDecodeIsRefusedAndTheSlotKeepsItsPrompt() throws IOException {
        ParameterRegistry registry = registry();
        PromptAudioStore store = new PromptAudioStore(state, registry);
        store.store(2, "good.ogg", Container.OGG, fixture("tone.ogg"));
        Path good = store.file(2).orElseThrow();

        byte[] damaged = fixture("tone.flac").clone();
        for (int i = 64; i < damaged.length; i++) damaged[i] = (byte) (i * 31);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.store(2, "broken.flac", Container.FLAC, damaged));
        assertFalse(e.getMessage().isBlank());
        assertEquals(good, store.file(2).orElseThrow(), "the slot keeps its upload");
        assertTrue(Files.exists(good));
        try (var files = Files.list(state.resolve("prompts"))) {
            assertEquals(1, files.count(), "nothing of the refused file is left");
        }
        assertEquals("@2", registry.snapshot().text(registry.require(StandardParams.promptText(2))));
    }
}
