package mrtbox.appliance.wiring;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.control.scene.SceneBook;
import mrtbox.web.SetupPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's setup view on the real box: the Java Sound outputs, the models (the built-in tiny-v1 and the
 * directories under the models folder), the boot scene. Choices are saved to {@code settings.json}; a new audio
 * output or model is used from the next start of the service (the log and the page say so).
 */
final class BoxSetup implements SetupPort {
    private static final Logger log = LoggerFactory.getLogger(BoxSetup.class);
    static final String BUILT_IN_MODEL = "tiny-v1";

    private final MrtboxConfig config;
    private final BoxSettings saved;
    private final SceneBook scenes;
    private final Path modelsDir;

    BoxSetup(MrtboxConfig config, BoxSettings saved, SceneBook scenes, Path modelsDir) {
        this.config = config;
        this.saved = saved;
        this.scenes = scenes;
        this.modelsDir = modelsDir;
    }

    /** Playback-capable Java Sound mixers, in the order {@code mrtbox devices} numbers them. */
    static List<Mixer.Info> outputs() {
        List<Mixer.Info> out = new ArrayList<>();
        Line.Info wanted = new Line.Info(SourceDataLine.class);
        for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(mi).isLineSupported(wanted)) out.add(mi);
        }
        return out;
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
        for (Mixer.Info mi : outputs()) {
            boolean selected = !found && !selector.isEmpty() && mi.getName().toLowerCase(Locale.ROOT).contains(selector);
            found |= selected;
            out.add(new AudioDevice(mi.getName(), mi.getDescription(), selected));
        }
        return out;
    }

    @Override
    public void selectAudioDevice(String name) {
        boolean exists = outputs().stream().anyMatch(mi -> mi.getName().equals(name));
        if (!exists) throw new IllegalArgumentException("no audio output named '" + name + "'");
        saved.update(f -> f.withAudioDevice(name));
        log.info("audio output '{}' chosen on the page: used from the next start", name);
    }

    @Override
    public void testTone(double levelDb, Duration length) {
        Mixer.Info device = outputs().stream().filter(mi -> {
            String s = selectedDevice().toLowerCase(Locale.ROOT);
            return !s.isEmpty() && mi.getName().toLowerCase(Locale.ROOT).contains(s);
        }).findFirst().orElse(null);
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

    String activeModel() {
        String chosen = saved.current().model();
        return chosen != null ? chosen : config.model().name();
    }

    @Override
    public List<ModelEntry> models() {
        String active = activeModel();
        List<ModelEntry> out = new ArrayList<>();
        out.add(new ModelEntry(BUILT_IN_MODEL, "built in (random weights)", true, active.equals(BUILT_IN_MODEL), true, List.of()));
        for (Path dir : installedModelDirs()) {
            String name = dir.getFileName().toString();
            if (name.equals(BUILT_IN_MODEL)) continue;
            out.add(new ModelEntry(name, "model directory", true, active.equals(name), false, List.of()));
        }
        return out;
    }

    private List<Path> installedModelDirs() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(modelsDir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(modelsDir, Files::isDirectory)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            log.warn("cannot list the models in {}: {}", modelsDir, e.toString());
        }
        out.sort(null);
        return out;
    }

    @Override
    public void selectModel(String name) {
        boolean known = models().stream().anyMatch(m -> m.name().equals(name) && m.installed());
        if (!known) throw new IllegalArgumentException("model '" + name + "' is not installed (see " + modelsDir + ")");
        saved.update(f -> f.withModel(name));
        log.info("model '{}' chosen on the page: loaded from the next start", name);
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
