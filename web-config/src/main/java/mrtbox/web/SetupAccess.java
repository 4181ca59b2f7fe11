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
     * @param playing      the engine runs this model now (heard whenever the transport plays); at most one entry,
     *                     none when no model could be loaded
     * @param chosen       the model the box loads at its next start (the page's choice once it played, else the
     *                     config's)
     * @param loading      a live switch to this model is loading it (the old model plays meanwhile)
     * @param loadSeconds  how long that load has taken so far (0 when not loading)
     * @param failure      why the last switch to this model failed (the old model played on); empty otherwise
     * @param missing      files or assets still needed before it can load (empty when complete)
     * @param builtInNoise the built-in tiny model with random weights: it makes noise, the page says so
     */
    record ModelEntry(String name, String kind, boolean installed, boolean playing, boolean chosen, boolean loading,
                      double loadSeconds, String failure, boolean builtInNoise, List<String> missing) {
        public ModelEntry {
            missing = List.copyOf(missing);
        }
    }

    List<AudioDevice> audioDevices();

    void selectAudioDevice(String name);

    /** Plays a sine on the selected output at {@code levelDb} dBFS for {@code length}; returns at once. */
    void testTone(double levelDb, Duration length);

    List<ModelEntry> models();

    /**
     * Switches to this model while the box plays and returns at once: it loads beside the playing one (the list says
     * {@code loading}), then the old one fades out and the new one in; it becomes the choice for the next start once it
     * plays. On failure the old model plays on and the list gives the reason.
     */
    void selectModel(String name);

    /** The scene recalled when the box starts, if any. */
    Optional<String> bootScene();

    /** Sets the boot scene, or clears it with an empty value. */
    void setBootScene(Optional<String> sceneName);
}
