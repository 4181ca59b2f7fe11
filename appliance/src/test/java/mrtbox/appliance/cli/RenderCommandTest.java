package mrtbox.appliance.cli;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import mrtbox.appliance.audio.SampleFormat;
import mrtbox.appliance.catalog.TestToneModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mrtbox render} end to end through the real command line, with the test-scope model from the catalog. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class RenderCommandTest {
    @TempDir Path dir;

    private record Run(int exit, String out, String err) {}

    private Run render(String... args) {
        CommandLine cl = MrtboxCommand.commandLine();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cl.setErr(new java.io.PrintWriter(err, true));
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "render";
            System.arraycopy(args, 0, all, 1, args.length);
            return new Run(cl.execute(all), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void sameSeedGivesABitIdenticalFileAndADifferentSeedDoesNot() throws Exception {
        Path events = dir.resolve("events.json");
        Files.writeString(events, "[{\"time\": 1.0, \"param\": \"output.volume\", \"value\": -12},"
                + " {\"time\": 2.0, \"param\": \"transport.reset\"},"
                + " {\"time\": 2.5, \"param\": \"sampling.guidance\", \"value\": 0}]");
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        Path c = dir.resolve("c.wav");
        String[] common = {"--model", "test-tone", "-p", "ambient pads=0.8", "-p", "dub techno=0.3", "--seconds", "3.3",
                "--events", events.toString(), "--format", "16"};
        Run first = render(concat(common, "--seed", "5", "-o", a.toString()));
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("rendered 3.3 s of test-tone (seed 5"), first.out());
        assertEquals(0, render(concat(common, "--seed", "5", "-o", b.toString())).exit());
        assertEquals(0, render(concat(common, "--seed", "6", "-o", c.toString())).exit());
        byte[] fa = Files.readAllBytes(a);
        assertArrayEquals(fa, Files.readAllBytes(b), "same seed: bit-identical");
        assertFalse(java.util.Arrays.equals(fa, Files.readAllBytes(c)), "another seed: other music");
        assertEquals(44 + Math.round(3.3 * 48000) * 4, fa.length);

        // what the file holds: the model's stream, -12 dB after 1 s, restarted (seed 5 again) at the 2 s step
        try (AudioInputStream in = AudioSystem.getAudioInputStream(a.toFile())) {
            byte[] pcm = in.readAllBytes();
            float level = 0.5f + 5f / 20;   // guidance 5 (the default) scales the test tone
            int i = 24000;                   // 0.5 s: before any event, past the 10 ms start fade
            assertEquals(level * TestToneModel.sample(5, i, 0), SampleFormat.PCM16.decode(pcm, i * 4), 2e-4);
            double gain = Math.pow(10, -12 / 20.0);
            int j = 72000;                   // 1.5 s: the volume change has settled
            assertEquals(gain * level * TestToneModel.sample(5, j, 0), SampleFormat.PCM16.decode(pcm, j * 4), 2e-4);
            int k = 120000;                  // 2.5 s: after the reset the stream starts again from sample 0
            assertEquals(gain * level * TestToneModel.sample(5, k - 96000, 0), SampleFormat.PCM16.decode(pcm, k * 4), 2e-4);
            int l = 150000;                  // 3.125 s: guidance 0 (applied at the 2.52 s step boundary) halves the level
            assertEquals(gain * 0.5f * TestToneModel.sample(5, l - 96000, 0), SampleFormat.PCM16.decode(pcm, l * 4), 2e-4);
        }
    }

    @Test
    void promptsSteerTheRenderThroughTheModelsStyleModelDeterministically() throws Exception {
        Path jazz1 = dir.resolve("jazz1.wav");
        Path jazz2 = dir.resolve("jazz2.wav");
        Path techno = dir.resolve("techno.wav");
        String[] common = {"--model", "tiny-v1", "--seconds", "2", "--seed", "3", "--format", "16"};
        Run first = render(concat(common, "-p", "jazz piano", "-o", jazz1.toString()));
        assertEquals(0, first.exit(), first.err());
        assertFalse(first.err().contains("do not steer"), "tiny-v1 has its style model: " + first.err());
        assertEquals(0, render(concat(common, "-p", "jazz piano", "-o", jazz2.toString())).exit());
        assertEquals(0, render(concat(common, "-p", "dark techno", "-o", techno.toString())).exit());
        byte[] a = Files.readAllBytes(jazz1);
        assertArrayEquals(a, Files.readAllBytes(jazz2), "same prompt and seed: bit-identical (each step waits for its style)");
        assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(techno)), "another prompt: other music");
    }

    @Test
    void badInputFailsWithOneClearLine() throws Exception {
        Path out = dir.resolve("x.wav");
        Run unknown = render("--model", "no-such-model", "-o", out.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown model 'no-such-model'") && unknown.err().contains("test-tone"), unknown.err());
        Run weight = render("--model", "test-tone", "-p", "pads=loud", "-o", out.toString());
        assertEquals(2, weight.exit());
        assertTrue(weight.err().contains("the weight after '=' must be a number"), weight.err());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"time\": 1, \"param\": \"prompt.7.weight\", \"value\": 1}]");
        Run script = render("--model", "test-tone", "--events", bad.toString(), "-o", out.toString());
        assertEquals(2, script.exit());
        assertTrue(script.err().contains("event 0: no parameter 'prompt.7.weight'"), script.err());
        assertFalse(Files.exists(out), "nothing is written when the input is refused");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
