package mrtbox.appliance.page;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import mrtbox.appliance.audio.JavaSoundDevices;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.catalog.ModelProvider;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.control.scene.SceneBook;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.web.SetupAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's setup view on the real box: the Java Sound outputs, the models of the {@link ModelCatalog}, the
 * boot scene. Choices are saved to {@code settings.json}; a new audio
 * output is used from the next start of the service (the log and the page say so); a model is switched to while
 * the box plays ({@link ModelSwitching}). The model list says which model the engine plays apart from the one chosen
 * for the next start, and how a switch goes.
 */
public final class BoxSetup implements SetupAccess {
    private static final Logger log = LoggerFactory.getLogger(BoxSetup.class);

    private final MrtboxConfig config;
    private final BoxSettings saved;
    private final SceneBook scenes;
    private final ModelCatalog catalog;
    private final ModelSwitching engine;

    /** @param engine the model the engine plays, and live switches */
    public BoxSetup(MrtboxConfig config, BoxSettings saved, SceneBook scenes, ModelCatalog catalog, ModelSwitching engine) {
        this.config = config;
        this.engine = engine;
        this.saved = saved;
        this.scenes = scenes;
        this.catalog = catalog;
    }

    String selectedDevice() {
        String chosen = saved.current().audioDevice();
        return chosen != null ? chosen : config.audio().device();
    }

    @Override
    public List<AudioDevice> audioDevices() {
        String selector = selectedDevice().toLowerCase(Locale.ROOT);
        List<AudioDevice> out = new ArrayList<>();
        boolean found = false;
        for (JavaSoundDevices.Device d : JavaSoundDevices.outputs()) {
            boolean selected = !found && !selector.isEmpty() && d.name().toLowerCase(Locale.ROOT).contains(selector);
            found |= selected;
            out.add(new AudioDevice(d.name(), d.description(), selected));
        }
        return out;
    }

    @Override
    public void selectAudioDevice(String name) {
        boolean exists = JavaSoundDevices.outputs().stream().anyMatch(d -> d.name().equals(name));
        if (!exists) throw new IllegalArgumentException("no audio output named '" + name + "'");
        saved.update(f -> f.withAudioDevice(name));
        log.info("audio output '{}' chosen on the page: used from the next start", name);
    }

    @Override
    public void testTone(double levelDb, Duration length) {
        Mixer.Info device;
        try {
            JavaSoundDevices.Device d = JavaSoundDevices.select(selectedDevice());
            device = d == null ? null : d.info();
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Thread t = new Thread(() -> playTone(device, levelDb, length), "test-tone");
        t.setDaemon(true);
        t.start();
    }

    /** 1 kHz sine, 48 kHz 16-bit stereo, 10 ms fades, on the device (null: the system default). */
    private static void playTone(Mixer.Info device, double levelDb, Duration length) {
        AudioFormat format = new AudioFormat(48_000, 16, 2, true, false);
        try (SourceDataLine line = device == null ? AudioSystem.getSourceDataLine(format) : AudioSystem.getSourceDataLine(format, device)) {
            line.open(format);
            line.start();
            int frames = (int) (length.toMillis() * 48);
            int fade = 480;
            double amp = Math.pow(10, levelDb / 20) * 32767;
            byte[] buf = new byte[frames * 4];
            for (int i = 0; i < frames; i++) {
                double env = Math.min(1, Math.min(i, frames - 1 - i) / (double) fade);
                short v = (short) Math.round(amp * env * Math.sin(2 * Math.PI * 1000 * i / 48_000.0));
                for (int c = 0; c < 2; c++) {
                    buf[i * 4 + c * 2] = (byte) v;
                    buf[i * 4 + c * 2 + 1] = (byte) (v >> 8);
                }
            }
            line.write(buf, 0, buf.length);
            line.drain();
            log.info("test tone played ({} dBFS, {} ms)", levelDb, length.toMillis());
        } catch (Exception e) {
            log.error("test tone failed on {}: {}", device == null ? "the default output" : device.getName(), e.toString());
        }
    }

    String chosenModel() {
        String chosen = saved.current().model();
        return chosen != null ? chosen : config.model().name();
    }

    @Override
    public List<ModelEntry> models() {
        String chosen = chosenModel();
        String plays = engine.playing().orElse("");
        Optional<ModelSwitching.Progress> last = engine.lastSwitch();
        List<ModelEntry> out = new ArrayList<>();
        for (ModelProvider p : catalog.providers()) {
            boolean noise = p.name().equals(MrtV1Models.TINY_NAME);
            Optional<ModelSwitching.Progress> mine = last.filter(s -> s.model().equals(p.name()));
            boolean loading = mine.map(ModelSwitching.Progress::loading).orElse(false);
            out.add(new ModelEntry(p.name(), p.description(), true, plays.equals(p.name()), chosen.equals(p.name()),
                    loading, loading ? mine.get().seconds() : 0, mine.map(ModelSwitching.Progress::failure).orElse(""), noise, List.of()));
        }
        return out;
    }

    @Override
    public void selectModel(String name) {
        boolean known = models().stream().anyMatch(m -> m.name().equals(name) && m.installed());
        if (!known) throw new IllegalArgumentException("model '" + name + "' is not installed; models: " + catalog.names());
        if (engine.playing().filter(name::equals).isPresent()) {
            saved.update(f -> f.withModel(name));   // back to the one that plays: nothing to load
            return;
        }
        try {
            engine.switchTo(name, () -> saved.update(f -> f.withModel(name)));
        } catch (IllegalStateException busy) {
            throw new IllegalArgumentException(busy.getMessage(), busy);
        }
        log.info("model '{}' chosen on the page: loading it beside the one that plays", name);
    }

    @Override
    public Optional<String> bootScene() {
        return Optional.ofNullable(saved.current().bootScene());
    }

    @Override
    public void setBootScene(Optional<String> sceneName) {
        if (sceneName.isPresent() && scenes.get(sceneName.get()).isEmpty()) {
            throw new IllegalArgumentException("no scene '" + sceneName.get() + "'");
        }
        saved.update(f -> f.withBootScene(sceneName.orElse(null)));
    }
}
