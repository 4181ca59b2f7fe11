package mrtbox.appliance.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.catalog.TestToneModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine and the Java Sound sink on real ALSA paths (platform.md): the JACK dummy server paces playback in
 * real time, and the ALSA file plugin in front of it captures every byte Java Sound wrote. Each configuration
 * runs in a child JVM because Java Sound reads the ALSA configuration once per JVM.
 *
 * <p>The real-time run lasts 20 s; {@code -Dmrtbox.alsa.longRun=true} makes it the full 60 s.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class AlsaPathsTest {
    private static final int FADE = 480;
    private static final long SEED = 3;

    @TempDir Path home;

    @Test
    void fileDeviceCapturesExactlyTheSamplesTheEngineWrote() throws Exception {
        Path capture = home.resolve("capture.raw");
        Path record = home.resolve("written.f32");
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrc(capture);
            h.startJack();
            Map<String, String> r = h.launch("seconds=3", "stepMs=5", "limiter=false", "seed=" + SEED,
                    "record=" + record).finish(60_000);
            assertEquals("0", r.get("underruns"), r.toString());
        }
        float[] written = readFloats(record);
        byte[] captured = Files.readAllBytes(capture);
        int frames = Math.min(written.length / 2, captured.length / 4);
        assertTrue(frames > 48000, "at least 1 s captured, got " + frames + " frames");
        assertTrue(captured.length / 4 >= written.length / 2, "the capture holds everything written before the stop");

        // 1. ALSA received exactly what the sink encoded from the engine's output, sample by sample
        byte[] encoded = new byte[frames * 4];
        SampleFormat.PCM16.encode(written, frames * 2, encoded);
        for (int i = 0; i < frames * 4; i++) {
            if (encoded[i] != captured[i]) fail("captured byte " + i + " differs: " + captured[i] + " != " + encoded[i]);
        }
        // 2. and the engine's output is the model's stream, untouched after the 10 ms fade in (limiter bypassed)
        int start = 0;
        while (written[2 * start] == 0f && written[2 * start + 1] == 0f) start++;
        assertTrue(written.length / 2 - start > 48000, "over a second of sound to compare");
        for (int f = start + FADE; f < written.length / 2; f++) {
            for (int c = 0; c < 2; c++) {
                float expected = TestToneModel.sample(SEED, f - start, c);
                if (written[2 * f + c] != expected) {
                    fail("frame " + f + " channel " + c + ": " + written[2 * f + c] + " != model " + expected);
                }
            }
        }
    }

    /** The built-in tiny-v1 (2 s chunks, paced just in time) played for 10 s into the ALSA file device. */
    @Test
    void tinyV1PlaysTenSecondsThroughTheEngineIntoTheAlsaFileDevice() throws Exception {
        Path capture = home.resolve("tiny-v1.raw");
        Path record = home.resolve("tiny-v1.f32");
        Map<String, String> r;
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrc(capture);
            h.startJack();
            r = h.launch("model=tiny-v1", "seconds=10", "limiter=false", "seed=" + SEED, "record=" + record)
                    .finish(180_000);
        }
        assertTrue(Long.parseLong(r.get("steps")) >= 5, "at least five 2 s chunks generated: " + r);
        float[] written = readFloats(record);
        byte[] captured = Files.readAllBytes(capture);
        int frames = Math.min(written.length / 2, captured.length / 4);
        assertTrue(frames >= 9 * 48000, "about 10 s reached the device, got " + frames / 48000.0 + " s");
        byte[] encoded = new byte[frames * 4];
        SampleFormat.PCM16.encode(written, frames * 2, encoded);
        for (int i = 0; i < frames * 4; i++) {
            if (encoded[i] != captured[i]) fail("captured byte " + i + " differs: " + captured[i] + " != " + encoded[i]);
        }
        int silentSeconds = 0;
        for (int sec = 0; sec < frames / 48000; sec++) {
            double energy = 0;
            for (int i = sec * 96000; i < (sec + 1) * 96000; i++) {
                assertTrue(Float.isFinite(written[i]), "finite samples");
                energy += written[i] * (double) written[i];
            }
            if (energy == 0) silentSeconds++;
        }
        assertTrue(silentSeconds <= 1, "tiny-v1 makes sound (noise) all along, silent seconds: " + silentSeconds);
    }

    @Test
    void jackPacesARunInRealTimeWithZeroUnderruns() throws Exception {
        int seconds = Boolean.getBoolean("mrtbox.alsa.longRun") ? 60 : 20;
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrc(null);
            h.startJack();
            AlsaHarness.Child child = h.launch("seconds=" + seconds, "stepMs=15");   // 40 ms per 15 ms: RTF 2.7
            Map<String, String> r = child.finish((seconds + 60) * 1000L);
            assertEquals("0", r.get("underruns"), child.output());
            assertEquals("0", r.get("failures"), child.output());
            assertEquals("0", r.get("byClock"), "the device paced every frame");
            assertTrue(Double.parseDouble(r.get("rtf")) >= 2, "real-time factor " + r.get("rtf"));
            // paced by JACK: frames written track the wall clock (plus at most the device buffer)
            List<String> status = child.lines.stream().filter(l -> l.startsWith("STATUS ")).toList();
            Map<String, String> last = AlsaHarness.values(status.get(status.size() - 1));
            double elapsed = Double.parseDouble(last.get("t"));
            double played = Long.parseLong(last.get("toDevice")) / 48000.0;
            // never faster than real time (that would mean no pacing); the dummy server is timer-driven and runs
            // somewhat slow on a heavily loaded machine, so the lower bound is loose
            System.out.printf("JACK dummy: %.2f s played in %.2f s of wall time%n", played, elapsed);
            assertTrue(played <= elapsed + 0.1, "played " + played + " s in " + elapsed + " s: faster than real time");
            assertTrue(played >= 0.6 * elapsed, "played " + played + " s in " + elapsed + " s of wall time");
            assertTrue(elapsed >= seconds - 0.5);
        }
    }

    @Test
    void slowModelUnderrunsAreCountedAndFadedWithoutClicks() throws Exception {
        Path capture = home.resolve("capture.raw");
        Map<String, String> r;
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrc(capture);
            h.startJack();
            r = h.launch("seconds=6", "stepMs=55").finish(60_000);   // 40 ms per 55 ms: RTF 0.73
        }
        long underruns = Long.parseLong(r.get("underruns"));
        assertTrue(underruns >= 2, "a model slower than real time must underrun: " + r);
        byte[] captured = Files.readAllBytes(capture);
        int frames = captured.length / 4;
        float largestJump = 0;
        int gaps = 0;
        int zeroRun = 0;
        float[] prev = new float[2];
        for (int f = 0; f < frames; f++) {
            boolean silent = true;
            for (int c = 0; c < 2; c++) {
                float x = SampleFormat.PCM16.decode(captured, (2 * f + c) * 2);
                largestJump = Math.max(largestJump, Math.abs(x - prev[c]));
                prev[c] = x;
                silent &= x == 0f;
            }
            if (silent) zeroRun++;
            else {
                if (zeroRun >= 240 && f > zeroRun) gaps++;   // a gap between two stretches of sound
                zeroRun = 0;
            }
        }
        assertTrue(gaps >= underruns - 1, gaps + " gaps for " + underruns + " underruns");
        // the tone itself moves at most ~0.045 per sample; an unfaded gap edge would jump by up to ~1
        assertTrue(largestJump < 0.06f, "largest sample-to-sample jump " + largestJump);
    }

    @Test
    void killingJackdDoesNotStopTheEngineAndTheSinkReopens() throws Exception {
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrc(null);
            h.startJack();
            AlsaHarness.Child child = h.launch("seconds=14", "stepMs=5", "reopenMaxMs=1000");
            child.awaitLine("PLAYING", 30_000);
            Thread.sleep(2500);
            h.killJack();
            Thread.sleep(3000);
            h.startJack();
            Map<String, String> r = child.finish(60_000);
            String log = child.output();
            assertTrue(Long.parseLong(r.get("failures")) >= 1, log);
            assertTrue(Long.parseLong(r.get("reopens")) >= 1, log);
            assertEquals("true", r.get("deviceUp"), log);

            List<Map<String, String>> status = child.lines.stream().filter(l -> l.startsWith("STATUS "))
                    .map(AlsaHarness::values).toList();
            int firstDown = indexOf(status, "false", 0);
            assertTrue(firstDown >= 0, "the device was seen down:\n" + log);
            int backUp = indexOf(status, "true", firstDown);
            assertTrue(backUp > firstDown + 2, "down for a while, then back:\n" + log);
            Map<String, String> down = status.get(firstDown);
            Map<String, String> lastDown = status.get(backUp - 1);
            assertTrue(num(lastDown, "steps") > num(down, "steps"), "generation went on while the device was gone:\n" + log);
            assertTrue(num(lastDown, "byClock") > num(down, "byClock"), "the clock paced the output meanwhile:\n" + log);
            Map<String, String> end = status.get(status.size() - 1);
            assertTrue(num(end, "toDevice") > num(status.get(backUp), "toDevice") + 48000, "audio flows again:\n" + log);
        }
    }

    private static int indexOf(List<Map<String, String>> status, String deviceUp, int from) {
        for (int i = from; i < status.size(); i++) if (deviceUp.equals(status.get(i).get("deviceUp"))) return i;
        return -1;
    }

    private static long num(Map<String, String> m, String key) {
        return Long.parseLong(m.get(key));
    }

    private static float[] readFloats(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }
}
