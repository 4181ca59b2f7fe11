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
    private String activeModel = "tiny-v1";
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
                new ModelEntry("tiny-v1", "mrt-v1", true, activeModel.equals("tiny-v1"), true, List.of()),
                new ModelEntry("mrt2-small", "mrt2", true, activeModel.equals("mrt2-small"), false, List.of()),
                new ModelEntry("mrt-v1-base", "mrt-v1", false, false, false, List.of("checkpoint/", "spectrostream/")));
    }

    @Override
    public synchronized void selectModel(String name) {
        ModelEntry m = models().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model '" + name + "'"));
        if (!m.installed()) throw new IllegalArgumentException(name + " is not installed; missing " + m.missing());
        activeModel = name;
    }

    public synchronized String activeModel() {
        return activeModel;
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
