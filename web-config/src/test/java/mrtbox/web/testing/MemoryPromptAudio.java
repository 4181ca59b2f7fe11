package mrtbox.web.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mrtbox.web.PromptAudioAccess;

/** Keeps uploads in memory, per slot. */
public final class MemoryPromptAudio implements PromptAudioAccess {
    public record Stored(String fileName, Container container, byte[] data) {}

    public final Map<Integer, Stored> stored = new ConcurrentHashMap<>();

    @Override
    public String store(int slot, String fileName, Container container, byte[] data) {
        stored.put(slot, new Stored(fileName, container, data));
        return fileName + " (" + container + ", " + data.length + " bytes) for slot " + slot;
    }
}
