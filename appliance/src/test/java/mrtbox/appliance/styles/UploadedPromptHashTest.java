package mrtbox.appliance.styles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.style.StylePrompt;
import mrtbox.web.PromptAudioAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upload's content hash is taken once, at upload, and travels with the prompt to the style mixer (its cache key). */
class UploadedPromptHashTest {
    @TempDir
    Path state;

    @Test
    void theHashTakenAtUploadTravelsWithThePrompt() throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        byte[] data = wav();   // a real one: the store accepts only audio that decodes
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 12);
        PromptAudioStore store = new PromptAudioStore(state, registry);
        store.store(2, "loop.wav", PromptAudioAccess.Container.WAV, data);
        assertEquals(sha, store.contentHash(2).orElseThrow());

        StylePrompt p = new UploadedPromptSource(store).resolve("@2").orElseThrow();
        assertEquals("upload-" + sha, p.contentHash());
        assertEquals(state.resolve("prompts").resolve("slot-2-" + sha + ".wav"), p.audio());

        // After a restart the store finds the file, and its hash in the name, without reading the content.
        PromptAudioStore again = new PromptAudioStore(state, registry);
        assertEquals("upload-" + sha, new UploadedPromptSource(again).resolve("@2").orElseThrow().contentHash());
    }

    private static byte[] wav() throws Exception {
        byte[] pcm = new byte[3200];
        for (int i = 0; i < pcm.length / 2; i++) pcm[2 * i + 1] = (byte) (40 * Math.sin(i / 5.0));
        AudioFormat f = new AudioFormat(16000, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), f, pcm.length / 2), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }
}
