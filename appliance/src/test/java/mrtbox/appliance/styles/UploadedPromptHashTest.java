package mrtbox.appliance.styles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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
        byte[] data = "RIFF pretend wav bytes".getBytes(StandardCharsets.US_ASCII);
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
}
