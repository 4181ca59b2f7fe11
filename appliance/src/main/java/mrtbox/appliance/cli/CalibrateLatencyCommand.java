package mrtbox.appliance.cli;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import mrtbox.appliance.audio.AudioOutput;
import mrtbox.appliance.audio.AudioOutputSettings;
import mrtbox.appliance.audio.JavaSoundCapture;
import mrtbox.appliance.audio.SampleFormat;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.input.AudioInput;
import mrtbox.appliance.input.InputParams;
import mrtbox.appliance.input.InputRing;
import mrtbox.appliance.input.LatencyCalibration;
import mrtbox.appliance.state.LastStateFile;
import mrtbox.appliance.state.StateStore;
import mrtbox.inference.engine.AudioSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mrtbox calibrate-latency}: measures the round trip output -> input with the box stopped (it needs both
 * devices) and saves it as {@code input.delay_ms} in the last state, so the next {@code mrtbox run} starts with it.
 * While the box runs, the {@code input.calibrate} trigger does the same through the playing output.
 */
@Command(name = "calibrate-latency", mixinStandardHelpOptions = true, description = {
        "Measure the audio round trip (output -> cable or loopback -> input) with clicks and save it as input.delay_ms.",
        "Connect the interface's output to its input first (or enable its loopback); stop the service while measuring."})
public final class CalibrateLatencyCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "the config file (mrtbox.json) to use")
    Path config;

    @Option(names = "--output", paramLabel = "DEVICE", description = "output device (default: audio.device from the config)")
    String output;

    @Option(names = "--input", paramLabel = "DEVICE", description = "input device (default: audio.input.device from the config)")
    String input;

    @Option(names = "--clicks", defaultValue = "3", description = "clicks to play; the median counts (default ${DEFAULT-VALUE})")
    int clicks;

    @Option(names = "--settle-ms", defaultValue = "500", description = "wait after opening the devices before the first click (default ${DEFAULT-VALUE})")
    long settleMs;

    @Option(names = "--max-delay-ms", defaultValue = "1000", description = "longest round trip looked for (default ${DEFAULT-VALUE})")
    long maxDelayMs;

    @Option(names = "--no-save", description = "only print the result")
    boolean noSave;

    @Override
    public Integer call() throws Exception {
        if (clicks < 1 || clicks > 20) throw new UserError("--clicks must be 1..20, got " + clicks);
        if (maxDelayMs < 10 || maxDelayMs > 5000) throw new UserError("--max-delay-ms must be 10..5000, got " + maxDelayMs);
        CommandConfig found = CommandConfig.load(config);
        LoadedConfig loaded = found.loaded();
        ResolvedPaths paths = found.paths();
        MrtboxConfig.Audio audio = loaded.config().audio();
        MrtboxConfig.Input in = audio.input();

        InputRing ring = InputRing.forSeconds(48_000, 10);
        int captureFrames = Integer.highestOneBit((int) Math.round(in.bufferMs() * 48.0) * 2 - 1);
        LatencyCalibration calibration = new LatencyCalibration(ring, Duration.ofMillis(maxDelayMs));
        int outFrames = Integer.highestOneBit((int) Math.round(audio.bufferMs() * 48.0) * 2 - 1);
        AudioOutputSettings outSettings = AudioOutputSettings.builder()
                .device(output != null ? output : audio.device())
                .format(SampleFormat.parse(Integer.toString(audio.bitDepth())))
                .bufferFrames(Math.max(64, outFrames))
                .insert(calibration)
                .build();
        JavaSoundCapture capture = new JavaSoundCapture(input != null ? input : in.device(), in.channels(), captureFrames);
        LatencyCalibration.Result r;
        try (AudioInput audioIn = new AudioInput(capture, ring, 1000);
             AudioOutput audioOut = new AudioOutput(SILENCE, outSettings.createSink(), outSettings)) {
            audioIn.start();
            audioOut.start();
            Thread.sleep(settleMs);
            AudioOutput.Stats os = audioOut.stats();
            if (!os.deviceUp()) throw new UserError("audio output not available: " + os.lastError());
            var is = audioIn.status();
            if (!is.open()) throw new UserError("audio input not available: " + is.error());
            System.out.println("output: " + os.device());
            System.out.println("input:  " + is.device());
            try {
                r = calibration.measure(clicks, Duration.ofMillis(clicks * (maxDelayMs + 500) + 5000));
            } catch (IOException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
        System.out.printf("round trip: %.1f ms (%d frames at 48 kHz; clicks %s; correlation %.2f)%n",
                r.delayMs(), r.delayFrames(), r.clicks(), r.correlation());
        if (!noSave) save(paths, r.delayMs());
        return 0;
    }

    private static void save(ResolvedPaths paths, double delayMs) throws IOException {
        StateStore store = new StateStore(paths.state(), Clock.systemUTC());
        FileLock lock;
        try {
            lock = store.lock();
        } catch (IOException e) {
            throw new UserError("not saved: " + e.getMessage() + " (stop the service, or set input.delay_ms by hand)", e);
        }
        try (lock) {
            Map<String, Object> values = new LinkedHashMap<>(store.load(LastStateFile.TYPE).value().values());
            values.put(InputParams.DELAY_MS, Math.round(delayMs * 10) / 10.0);
            store.save(LastStateFile.TYPE, new LastStateFile(values));
        }
        System.out.println("saved " + InputParams.DELAY_MS + " = " + (Math.round(delayMs * 10) / 10.0) + " in " + store.file(LastStateFile.TYPE));
    }

    /** The output plays silence; the calibration adds its clicks. */
    private static final AudioSource SILENCE = new AudioSource() {
        @Override public int sampleRate() { return 48_000; }
        @Override public int channels() { return 2; }
        @Override public void render(float[] out, int frames) { java.util.Arrays.fill(out, 0, frames * 2, 0f); }
    };
}
