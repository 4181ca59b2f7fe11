package mrtbox.web.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mrtbox.web.SetupAccess;

/** A box with two audio outputs and three models, one of them not installed. Records test tones. */
public final class MemorySetup implements SetupAccess {
    private final List<String> devices = List.of("default", "USB Audio CODEC [plughw:1,0]");
    private String selectedDevice = "default";
    private String chosenModel = "tiny-v1";
    private final String playingModel = "tiny-v1";
    private Optional<String> bootScene = Optional.empty();
    public final List<String> tones = new ArrayList<>();

    @Override
    public synchronized List<AudioDevice> audioDevices() {
        return devices.stream().map(d -> new AudioDevice(d, d.startsWith("USB") ? "USB interface" : "system default", d.equals(selectedDevice))).toList();
    }

    @Override
    public synchronized void selectAudioDevice(String name) {
        if (!devices.contains(name)) throw new IllegalArgumentException("no audio output '" + name + "'");
        selectedDevice = name;
    }

    public synchronized String selectedDevice() {
        return selectedDevice;
    }

    @Override
    public synchronized void testTone(double levelDb, Duration length) {
        tones.add(levelDb + " dB " + length.toMillis() + " ms");
    }

    @Override
    public synchronized List<ModelEntry> models() {
        return List.of(
                entry("tiny-v1", "mrt-v1", true, true, List.of()),
                entry("mrt2-small", "mrt2", true, false, List.of()),
                entry("mrt-v1-base", "mrt-v1", false, false, List.of("checkpoint/", "spectrostream/")),
                // a live switch to it failed, with the long unbroken path real failures name (the page must wrap it)
                new ModelEntry("torn-mrt2", "mrt2", true, false, false, false, 0,
                        "/var/lib/mrtbox/models/torn-mrt2/checkpoints/mrt2-small.safetensors: not a safetensors file", false, List.of()));
    }

    private ModelEntry entry(String name, String kind, boolean installed, boolean noise, List<String> missing) {
        return new ModelEntry(name, kind, installed, playingModel.equals(name), chosenModel.equals(name), false, 0, "", noise, missing);
    }

    @Override
    public synchronized void selectModel(String name) {
        ModelEntry m = models().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model '" + name + "'"));
        if (!m.installed()) throw new IllegalArgumentException(name + " is not installed; missing " + m.missing());
        chosenModel = name;
    }

    public synchronized String chosenModel() {
        return chosenModel;
    }

    @Override
    public synchronized Optional<String> bootScene() {
        return bootScene;
    }

    @Override
    public synchronized void setBootScene(Optional<String> sceneName) {
        bootScene = sceneName;
    }
}
