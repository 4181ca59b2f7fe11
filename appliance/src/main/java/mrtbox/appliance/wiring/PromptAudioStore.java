package mrtbox.appliance.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import mrtbox.appliance.state.AtomicFiles;
import mrtbox.web.PromptAudioPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each slot's uploaded audio prompt in {@code <state>/prompts/slot-N.<ext>} (written atomically, replacing
 * the slot's previous file of any format), where a model with an audio style encoder reads it.
 */
final class PromptAudioStore implements PromptAudioPort {
    private static final Logger log = LoggerFactory.getLogger(PromptAudioStore.class);

    private final Path dir;

    PromptAudioStore(Path stateDir) {
        this.dir = stateDir.resolve("prompts");
    }

    @Override
    public String store(int slot, String fileName, Container container, byte[] data) {
        if (slot < 1 || slot > 6) throw new IllegalArgumentException("prompt slot " + slot + " is not 1..6");
        String ext = container.name().toLowerCase(Locale.ROOT);
        Path target = dir.resolve("slot-" + slot + "." + ext);
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(target, data);
            for (Container other : Container.values()) {
                if (other != container) Files.deleteIfExists(dir.resolve("slot-" + slot + "." + other.name().toLowerCase(Locale.ROOT)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the audio prompt: " + e.getMessage(), e);
        }
        log.info("audio prompt for slot {}: {} ({} bytes, {}) stored as {}", slot, fileName, data.length, container, target);
        return "stored " + fileName + " (" + container + ", " + (data.length + 1023) / 1024 + " KiB) for prompt " + slot;
    }
}
