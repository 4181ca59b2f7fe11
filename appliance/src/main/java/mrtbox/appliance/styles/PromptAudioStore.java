package mrtbox.appliance.styles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import mrtbox.appliance.state.AtomicFiles;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.style.AudioPrompts;
import mrtbox.web.PromptAudioAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each slot's uploaded audio prompt in {@code <state>/prompts/slot-N-<hash>.<ext>} (written atomically,
 * replacing the slot's previous file; the content hash in the name makes a new upload a new prompt for the style
 * mixer) and turns the slot to it: the slot's text becomes {@code @N}, which {@link UploadedPromptSource} resolves to
 * the file. Typing text into the slot again goes back to a text prompt; {@code @N} in any slot reuses slot N's upload.
 */
public final class PromptAudioStore implements PromptAudioAccess {
    private static final Logger log = LoggerFactory.getLogger(PromptAudioStore.class);
    private static final ChangeSource UPLOAD = ChangeSource.of(ChangeSource.Kind.WEB, "audio upload");

    private final Path dir;
    private final ParameterRegistry registry;
    private final AtomicReferenceArray<Path> files = new AtomicReferenceArray<>(StandardParams.PROMPT_SLOTS + 1);
    private final AtomicLong version = new AtomicLong();

    public PromptAudioStore(Path stateDir, ParameterRegistry registry) {
        this.dir = stateDir.resolve("prompts");
        this.registry = registry;
        for (int slot = 1; slot <= StandardParams.PROMPT_SLOTS; slot++) files.set(slot, find(slot));
    }

    /** The text that makes a slot play slot {@code slot}'s uploaded audio. */
    static String reference(int slot) {
        return "@" + slot;
    }

    @Override
    public String store(int slot, String fileName, Container container, byte[] data) {
        if (slot < 1 || slot > StandardParams.PROMPT_SLOTS) throw new IllegalArgumentException("prompt slot " + slot + " is not 1..6");
        String ext = container.name().toLowerCase(Locale.ROOT);
        Path target = dir.resolve("slot-" + slot + "-" + hash(data) + "." + ext);
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(target, data);
            decodes(target);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "slot-" + slot + "[-.]*")) {
                for (Path p : old) if (!p.equals(target) && !p.getFileName().toString().contains(".tmp-")) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the audio prompt: " + e.getMessage(), e);
        }
        files.set(slot, target);
        version.incrementAndGet();
        registry.set(StandardParams.promptText(slot), reference(slot), UPLOAD);
        log.info("audio prompt for slot {}: {} ({} bytes, {}) stored as {}", slot, fileName, data.length, container, target);
        return "stored " + fileName + " (" + container + ", " + (data.length + 1023) / 1024 + " KiB) for prompt " + slot
                + ": its text is now " + reference(slot) + "; type text again to go back";
    }

    /**
     * Accepts only what the style model can embed: the file must decode to samples (the header check let it in, a
     * damaged body or a codec without a decoder would fail later, silently, in the mixer). A refused file is removed
     * and the slot keeps its previous prompt.
     */
    private static void decodes(Path file) throws IOException {
        try {
            AudioPrompts.loadMono(file, 16000);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            String reason = String.valueOf(e.getMessage()).replace(file.toString() + ": ", "");
            throw new IllegalArgumentException(reason, e);
        }
    }

    /** The audio last uploaded for a slot. */
    Optional<Path> file(int slot) {
        return slot < 1 || slot > StandardParams.PROMPT_SLOTS ? Optional.empty() : Optional.ofNullable(files.get(slot));
    }

    /**
     * The content hash of a slot's upload, computed when it was stored and kept in its name
     * ({@code slot-N-<hash>.<ext>}); empty for a file stored under an older name without one.
     */
    Optional<String> contentHash(int slot) {
        return file(slot).map(p -> p.getFileName().toString())
                .map(name -> name.matches("slot-\\d+-[0-9a-f]{12}\\.[a-z0-9]+") ? name.substring(name.lastIndexOf('-') + 1, name.lastIndexOf('.')) : null);
    }

    /** Grows with every upload. */
    long version() {
        return version.get();
    }

    private Path find(int slot) {
        if (!Files.isDirectory(dir)) return null;
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "slot-" + slot + "[-.]*")) {
            Path newest = null;
            for (Path p : found) {
                if (p.getFileName().toString().contains(".tmp-")) continue;
                if (newest == null || Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(newest)) > 0) newest = p;
            }
            return newest;
        } catch (IOException e) {
            log.warn("cannot list the uploaded prompts in {}: {}", dir, e.getMessage());
            return null;
        }
    }

    private static String hash(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
