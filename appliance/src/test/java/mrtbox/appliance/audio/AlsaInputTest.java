package mrtbox.appliance.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live input on real ALSA paths (platform.md), each in a child JVM: the ALSA file plugin's {@code infile} feeds a
 * known signal into the capture while the JACK dummy server paces it; the JACK server killed and restarted under a
 * running capture; a device name that matches nothing; and {@code mrtbox calibrate-latency} through a JACK loopback
 * (the ALSA-JACK playback client's ports connected to the capture client's).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AlsaInputTest {
    private static final String JACK_PCM =
            "pcm.jackio { type jack; playback_ports { 0 system:playback_1 1 system:playback_2 } "
                    + "capture_ports { 0 system:capture_1 1 system:capture_2 } }\n"
                    + "pcm.jackplug { type plug; slave.pcm \"jackio\" }\n";

    @TempDir Path home;

    /** Whole periods: the file plugin drops a partial last period of its infile. */
    private static final int SIGNAL_FRAMES = 48 * 1024;

    /** 1.024 s of 16-bit frames: a sine on the left, a different one on the right, 100 full-scale frames on the left. */
    private static short[] knownSignal(int channels) {
        short[] s = new short[SIGNAL_FRAMES * channels];
        for (int f = 0; f < SIGNAL_FRAMES; f++) {
            short l = (short) Math.round(16_000 * Math.sin(2 * Math.PI * 440 * f / 48_000.0));
            if (f >= 24_000 && f < 24_100) l = (f % 2 == 0) ? Short.MAX_VALUE : Short.MIN_VALUE;
            s[f * channels] = l;
            if (channels == 2) s[f * 2 + 1] = (short) Math.round(8_000 * Math.sin(2 * Math.PI * 1000 * f / 48_000.0));
        }
        return s;
    }

    private Path writeRaw(short[] samples) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : samples) b.putShort(v);
        Path p = home.resolve("in.raw");
        Files.write(p, b.array());
        return p;
    }

    private static float[] readFloats(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    private Map<String, String> captureKnownSignal(int channels, Path record) throws Exception {
        Path in = writeRaw(knownSignal(channels));
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrcText(JACK_PCM + "pcm.!default { type file; slave.pcm \"jackplug\"; file \"/dev/null\"; infile \""
                    + in + "\"; format \"raw\" }\n");
            h.startJack();
            return h.launchMain(InputScenarioMain.class.getName(), "channels=" + channels, "seconds=2.5",
                    "record=" + record, "recordFrames=" + SIGNAL_FRAMES).finish(60_000);
        }
    }

    @Test
    void capturesAKnownStereoSignalSampleForSampleAndCountsTheClippedOnes() throws Exception {
        Path record = home.resolve("captured.f32");
        Map<String, String> r = captureKnownSignal(2, record);
        assertEquals("true", r.get("open"), r.toString());
        assertTrue(Long.parseLong(r.get("frames")) > SIGNAL_FRAMES + 4800, "more than the file captured: " + r);
        assertEquals("100", r.get("clips"), "the 100 full-scale samples, and only those: " + r);
        assertEquals("-120.0", r.get("peakL"), "the file ended 1 s ago: the meter shows the silence after it: " + r);

        short[] expected = knownSignal(2);
        float[] got = readFloats(record);
        for (int i = 0; i < expected.length; i++) {
            if (got[i] != expected[i] / 32768f) fail("sample " + i + ": captured " + got[i] + ", file " + expected[i] / 32768f);
        }
    }

    @Test
    void aMonoInputIsHeardOnBothSides() throws Exception {
        Path record = home.resolve("mono.f32");
        captureKnownSignal(1, record);
        short[] expected = knownSignal(1);
        float[] got = readFloats(record);
        for (int f = 0; f < expected.length; f++) {
            assertEquals(expected[f] / 32768f, got[2 * f], "left, frame " + f);
            assertEquals(expected[f] / 32768f, got[2 * f + 1], "right, frame " + f);
        }
    }

    @Test
    void aDeviceNameThatMatchesNothingIsReportedAndTheCaptureKeepsLooking() throws Exception {
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrcText(JACK_PCM + "pcm.!default { type plug; slave.pcm \"jackio\" }\n");
            h.startJack();
            Map<String, String> r = h.launchMain(InputScenarioMain.class.getName(), "device=NoSuchInterface", "seconds=1.5")
                    .finish(60_000);
            assertEquals("false", r.get("open"));
            assertEquals("0", r.get("frames"));
            assertTrue(r.get("error").startsWith("no_audio_input_matches_'NoSuchInterface';_inputs_are:"), r.get("error"));
        }
    }

    @Test
    void anInputThatDisappearsIsReopenedWhenItComesBack() throws Exception {
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrcText(JACK_PCM + "pcm.!default { type plug; slave.pcm \"jackio\" }\n");
            h.startJack();
            AlsaHarness.Child child = h.launchMain(InputScenarioMain.class.getName(), "seconds=16");
            child.awaitLine("STATUS open=true", 30_000);
            Thread.sleep(1500);
            h.killJack();
            awaitStatus(child, "open=false", 10_000);
            Thread.sleep(1000);
            h.startJack();
            Map<String, String> r = child.finish(60_000);
            String log = child.output();
            assertEquals("true", r.get("open"), log);
            assertTrue(Long.parseLong(r.get("failures")) >= 1, log);
            assertTrue(Long.parseLong(r.get("reopens")) >= 1, log);
            List<String> status = child.lines.stream().filter(l -> l.startsWith("STATUS ")).toList();
            String down = status.stream().filter(l -> l.contains("open=false")).findFirst().orElseThrow();
            assertFalse(AlsaHarness.values(down).get("error").isEmpty(), "a lost device says why: " + down);
            long framesAtReopen = Long.parseLong(AlsaHarness.values(status.stream()
                    .filter(l -> l.contains("reopens=1")).findFirst().orElseThrow()).get("frames"));
            assertTrue(Long.parseLong(r.get("frames")) > framesAtReopen + 48_000, "audio flows again after the reopen:\n" + log);
        }
    }

    private static void awaitStatus(AlsaHarness.Child child, String part, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (child.lines.stream().anyMatch(l -> l.startsWith("STATUS ") && l.contains(part))) return;
            Thread.sleep(50);
        }
        throw new AssertionError("no STATUS with " + part + " within " + timeoutMs + " ms:\n" + child.output());
    }

    @Test
    void calibrateLatencyMeasuresTheRoundTripOfAJackLoopbackAndSavesIt() throws Exception {
        Path state = home.resolve("state");
        Path config = home.resolve("mrtbox.json");
        // 50 ms output buffer: 4096 frames at 48 kHz once rounded up to whole JACK periods
        Files.writeString(config, "{\"version\": 1, \"paths\": {\"state\": \"" + state + "\"}, \"audio\": {\"bufferMs\": 50, "
                + "\"bitDepth\": 16, \"input\": {\"enabled\": true, \"bufferMs\": 20}}}");
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrcText(JACK_PCM + "pcm.!default { type plug; slave.pcm \"jackio\" }\n");
            h.startJack();
            AlsaHarness.Child child = h.launchMain("mrtbox.appliance.Main", "calibrate-latency", "--config", config.toString(),
                    "--settle-ms", "5000", "--clicks", "3");
            connectLoopback(h, child, 15_000);
            int exit = child.exit(60_000);
            String out = child.output();
            assertEquals(0, exit, out);
            String line = child.lines.stream().filter(l -> l.startsWith("round trip: ")).findFirst().orElseThrow(() -> new AssertionError(out));
            double ms = Double.parseDouble(line.substring("round trip: ".length(), line.indexOf(" ms")));
            // the output buffer (4096 frames = 85.3 ms) is what a loopback without converters takes; ALSA's JACK
            // plugin keeps it filled to within a few 256-frame periods, and the capture reads 256-frame blocks
            assertTrue(ms > 40 && ms < 200, "round trip " + ms + " ms:\n" + out);
            List<Integer> clicks = new ArrayList<>();
            for (String c : line.replaceAll(".*clicks \\[([^]]*)].*", "$1").split(", ")) clicks.add(Integer.parseInt(c));
            assertEquals(3, clicks.size(), line);
            assertTrue(clicks.stream().mapToInt(Integer::intValue).max().getAsInt()
                    - clicks.stream().mapToInt(Integer::intValue).min().getAsInt() <= 1024, "clicks agree within 4 periods: " + line);
            String saved = Files.readString(state.resolve("last-state.json"), StandardCharsets.UTF_8);
            assertTrue(saved.contains("\"input.delay_ms\""), saved);
        }
    }

    /** Waits for the child's ALSA-JACK clients and connects playback out_00N to capture in_00N. */
    private static void connectLoopback(AlsaHarness h, AlsaHarness.Child child, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            List<String> ports = h.jackPorts();
            List<String> outs = new ArrayList<>(), ins = new ArrayList<>();
            for (String p : ports) {
                if (p.matches(".*\\.P\\.\\d+\\.\\d+:out_00[01]")) outs.add(p);
                if (p.matches(".*\\.C\\.\\d+\\.\\d+:in_00[01]")) ins.add(p);
            }
            if (outs.size() == 2 && ins.size() == 2) {
                outs.sort(null);
                ins.sort(null);
                for (int i = 0; i < 2; i++) h.jackConnect(outs.get(i), ins.get(i));
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child's JACK ports never appeared: " + h.jackPorts() + "\n" + child.output());
    }
}
