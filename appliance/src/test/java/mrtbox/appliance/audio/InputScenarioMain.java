package mrtbox.appliance.audio;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mrtbox.appliance.input.AudioInput;
import mrtbox.appliance.input.InputRing;
import mrtbox.control.status.InputStatus;

/**
 * Child-JVM entry point for the ALSA input tests (Java Sound reads the ALSA configuration once per JVM): captures
 * from the configured input through {@link AudioInput} for {@code seconds}, prints a STATUS line every 200 ms
 * and a RESULT line at the end, and optionally dumps the first {@code recordFrames} captured frames as float32.
 *
 * <p>Arguments (key=value): device, channels, seconds, record (file), recordFrames, gainDb.
 */
public final class InputScenarioMain {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "2"));
        InputRing ring = InputRing.forSeconds(48_000, 20);
        JavaSoundCapture capture = new JavaSoundCapture(a.getOrDefault("device", ""),
                Integer.parseInt(a.getOrDefault("channels", "2")), 1024);
        try (AudioInput input = new AudioInput(capture, ring, 500)) {
            input.gain((float) Math.pow(10, Double.parseDouble(a.getOrDefault("gainDb", "0")) / 20));
            input.start();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                Thread.sleep(200);
                System.out.println("STATUS " + line(input.status()));
            }
            InputStatus s = input.status();
            System.out.println("RESULT " + line(s));
            if (a.containsKey("record")) {
                int frames = Integer.parseInt(a.getOrDefault("recordFrames", "48000"));
                float[] out = new float[frames * 2];
                ring.read(frames, out, frames);
                write(Path.of(a.get("record")), out);
            }
        }
        System.exit(0);
    }

    private static String line(InputStatus s) {
        return "open=" + s.open() + " frames=" + s.framesCaptured() + " clips=" + s.clippedSamples()
                + " peakL=" + Math.round(s.peakDb()[0] * 10) / 10.0 + " peakR=" + Math.round(s.peakDb()[1] * 10) / 10.0
                + " rmsL=" + Math.round(s.rmsDb()[0] * 10) / 10.0
                + " failures=" + s.failures() + " reopens=" + s.reopens() + " error=" + s.error().replace(' ', '_');
    }

    private static void write(Path file, float[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(samples);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.write(b.array());
        }
    }
}
