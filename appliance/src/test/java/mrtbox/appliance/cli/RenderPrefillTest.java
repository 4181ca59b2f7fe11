package mrtbox.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import mrtbox.appliance.instrument.Mrt2LifecycleTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mrtbox render --model tiny-mrt2 --prefill FILE} through the real command line. */
@Timeout(180)
class RenderPrefillTest {
    @TempDir Path dir;

    private record Run(int exit, String err) {}

    private Run render(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        System.setErr(new PrintStream(err, true));   // before the command line exists: its writers wrap this stream
        CommandLine cl = MrtboxCommand.commandLine();
        cl.setErr(new PrintWriter(System.err, true));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "render";
            System.arraycopy(args, 0, all, 1, args.length);
            return new Run(cl.execute(all), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aPrefilledRenderIsDeterministicAndDiffersFromAnUnprefilledOne() throws Exception {
        Path wav = Mrt2LifecycleTestSupport.toneWav(dir.resolve("tones.wav"), 2.6);
        Path a = dir.resolve("a.wav"), b = dir.resolve("b.wav"), plain = dir.resolve("plain.wav");
        String[] common = {"--model", "tiny-mrt2", "--seconds", "0.6", "--seed", "3", "--format", "16"};
        Run first = render(concat(common, "--prefill", wav.toString(), "-o", a.toString()));
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.err().contains("prefilled 15 frames (0.6 s) from " + wav), first.err());
        assertEquals(0, render(concat(common, "--prefill", wav.toString(), "-o", b.toString())).exit());
        assertEquals(0, render(concat(common, "-o", plain.toString())).exit());
        byte[] fa = Files.readAllBytes(a);
        assertArrayEquals(fa, Files.readAllBytes(b), "same prefill and seed: bit-identical");
        assertFalse(Arrays.equals(fa, Files.readAllBytes(plain)), "the prefill changes what plays");

        Run shortClip = render(concat(common, "--prefill", Mrt2LifecycleTestSupport.toneWav(dir.resolve("short.wav"), 1.0).toString(), "-o", a.toString()));
        assertNotEquals(0, shortClip.exit());
        assertTrue(shortClip.err().contains("--prefill: ") && shortClip.err().contains("too short"), shortClip.err());
        Run notMrt2 = render("--model", "tiny-v1", "--seconds", "0.5", "--prefill", wav.toString(), "-o", a.toString());
        assertNotEquals(0, notMrt2.exit());
        assertTrue(notMrt2.err().contains("--prefill needs an MRT2 model"), notMrt2.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
