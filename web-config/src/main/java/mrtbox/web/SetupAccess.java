package mrtbox.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the setup view needs from the appliance: audio output devices, installed models and the boot scene.
 * Implemented by the appliance; methods throw {@link IllegalArgumentException} with a user-facing reason for
 * a request that cannot be carried out (unknown device, model not installed).
 */
public interface SetupAccess {

    /** One audio output the box can open. */
    record AudioDevice(String name, String description, boolean selected) {}

    /**
     * One model the box knows about.
     *
     * @param missing      files or assets still needed before it can load (empty when complete)
     * @param builtInNoise the built-in tiny model with random weights: it makes noise, the page says so
     */
    record ModelEntry(String name, String kind, boolean installed, boolean active, boolean builtInNoise, List<String> missing) {
        public ModelEntry {
            missing = List.copyOf(missing);
        }
    }

    List<AudioDevice> audioDevices();

    void selectAudioDevice(String name);

    /** Plays a sine on the selected output at {@code levelDb} dBFS for {@code length}; returns at once. */
    void testTone(double levelDb, Duration length);

    List<ModelEntry> models();

    void selectModel(String name);

    /** The scene recalled when the box starts, if any. */
    Optional<String> bootScene();

    /** Sets the boot scene, or clears it with an empty value. */
    void setBootScene(Optional<String> sceneName);
}
