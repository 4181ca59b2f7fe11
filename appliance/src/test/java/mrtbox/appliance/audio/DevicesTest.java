package mrtbox.appliance.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mrtbox devices} and device selection on a real ALSA configuration (the null device), in a child JVM. */
class DevicesTest {
    @TempDir Path home;

    @Test
    void listsTheAlsaOutputsWithTheNamesTheConfigAccepts() throws Exception {
        try (AlsaHarness h = new AlsaHarness(home)) {
            h.writeAsoundrcText("pcm.!default { type null }\n");
            AlsaHarness.Child devices = h.launchMain("mrtbox.appliance.Main", "devices");
            assertEquals(0, devices.exit(60_000), devices.output());
            String out = devices.output();
            assertTrue(out.contains("Audio outputs (config \"audio.device\""), out);
            assertTrue(out.matches("(?s).*\\n  \\[0\\] \\S.*\\[default\\].*"), "the ALSA default device is listed as [0]:\n" + out);

            AlsaHarness.Child select = h.launchMain(SelectMain.class.getName(), "default", "#0", "#7", "Scarlett");
            assertEquals(0, select.exit(60_000), select.output());
            String sel = select.output();
            assertTrue(sel.contains("default -> system default"), sel);
            assertTrue(sel.contains("#0 -> [0] "), sel);
            assertTrue(sel.contains("#7 -> error: audio device index 7 does not exist; outputs are: [0] "), sel);
            assertTrue(sel.contains("Scarlett -> error: no audio output matches 'Scarlett'; outputs are: [0] "), sel);
        }
    }

    /** Child entry point: prints what each selector resolves to. */
    public static final class SelectMain {
        public static void main(String[] args) {
            for (String a : args) {
                try {
                    JavaSoundDevices.Device d = JavaSoundDevices.select(a);
                    System.out.println(a + " -> " + (d == null ? "system default" : "[" + d.index() + "] " + d.name()));
                } catch (Exception e) {
                    System.out.println(a + " -> error: " + e.getMessage());
                }
            }
        }
    }
}
