package mrtbox.control.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusBoard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Machines without usable GPIO: the service starts, stays off, and says why once. The probe is checked on
 * directory trees laid out like a Jetson, an x86 box and a Raspberry Pi; the real Pi4J gpiod plugin is made to
 * fail on this (non-Pi) machine to prove its failure is caught.
 */
class AbsentHardwareTest {
    @TempDir
    Path root;

    private static final GpioSettings SETTINGS = new GpioSettings(null, null, null, null, null,
            List.of(GpioSettings.Button.of(17, "trigger transport.play")), null, List.of(GpioSettings.Led.of(12)), null);

    private GpioService service(GpioHardware hardware) {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        return GpioService.builder(SETTINGS, registry).status(new StatusBoard()).hardware(hardware).build();
    }

    private void file(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** Runs {@code body} and returns what it logged (slf4j-simple writes to System.err). */
    private static String stderrOf(Runnable body) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        old.print(text);
        return text;
    }

    private static long count(String haystack, String needle) {
        return haystack.lines().filter(l -> l.contains(needle)).count();
    }

    @Test
    void onThisMachineTheRealHardwareIsOffAndSaysWhyOnce() {
        assertFalse(Files.exists(Path.of("/proc/device-tree/model")) && GpioProbe.ofThisMachine().reasonItCannotWork().isEmpty(),
                "this test expects a build machine that is not a Raspberry Pi");
        GpioService s = service(GpioHardware.raspberryPi());
        String log = stderrOf(() -> {
            s.start();
            s.stop();
        });
        assertFalse(s.availability().on());
        String reason = GpioProbe.ofThisMachine().reasonItCannotWork().orElseThrow();
        assertEquals(reason, s.availability().detail());
        assertEquals(1, count(log, "hardware controls are off: " + reason), log);
        assertEquals(0, count(log, "com.pi4j"), "Pi4J is not even started when the probe rules it out: " + log);
        assertEquals(null, s.ledState());
    }

    @Test
    void aJetsonIsNamedWithItsChips() throws IOException {
        file("dev/gpiochip0", "");
        file("dev/gpiochip1", "");
        file("proc/device-tree/model", "NVIDIA Jetson Orin Nano Developer Kit\0");
        file("sys/class/gpio/gpiochip316/label", "tegra234-gpio\n");
        file("sys/class/gpio/gpiochip300/label", "tegra234-gpio-aon\n");
        String reason = new GpioProbe(root, "aarch64").reasonItCannotWork().orElseThrow();
        assertEquals("this is 'NVIDIA Jetson Orin Nano Developer Kit', not a Raspberry Pi: Pi4J 2.8's gpiod plugin only "
                + "drives Raspberry Pi GPIO (it looks for a chip labelled 'pinctrl'); chips here: tegra234-gpio-aon, tegra234-gpio", reason);
    }

    @Test
    void otherMachinesAndAWorkingPi() throws IOException {
        assertEquals(Optional.of("no GPIO chip on this machine (no /dev/gpiochip*)"), new GpioProbe(root, "amd64").reasonItCannotWork());
        file("dev/gpiochip0", "");
        assertTrue(new GpioProbe(root, "amd64").reasonItCannotWork().orElseThrow().contains("an unknown board (no /proc/device-tree/model)"));
        file("proc/device-tree/model", "Raspberry Pi 5 Model B Rev 1.0\0");
        assertEquals(Optional.of("Pi4J's gpiod native library exists for aarch64 and armhf only; this JVM is riscv64"),
                new GpioProbe(root, "riscv64").reasonItCannotWork());
        file("sys/class/gpio/gpiochip512/label", "some-expander");
        assertEquals(Optional.of("no GPIO chip labelled 'pinctrl' (chips here: some-expander)"),
                new GpioProbe(root, "aarch64").reasonItCannotWork());
        file("sys/class/gpio/gpiochip571/label", "pinctrl-rp1");
        assertEquals(Optional.empty(), new GpioProbe(root, "aarch64").reasonItCannotWork());
        assertEquals(Optional.empty(), new GpioProbe(root, "arm").reasonItCannotWork());
    }

    @Test
    void whenRealPi4jGpiodFailsTheServiceIsOffWithItsReason() throws IOException {
        // A tree that passes the probe, so the real gpiod providers get their turn, on a machine that is no Pi.
        file("dev/gpiochip0", "");
        file("proc/device-tree/model", "Raspberry Pi 5 Model B Rev 1.0");
        file("sys/class/gpio/gpiochip571/label", "pinctrl-rp1");
        GpioProbe lookAlike = new GpioProbe(root, "aarch64");
        GpioService s = service(() -> GpioHardware.gpiod(lookAlike));
        String log = stderrOf(s::start);
        s.stop();
        assertFalse(s.availability().on());
        String reason = s.availability().detail();
        assertTrue(reason.startsWith("cannot open GPIO 12 (status LED 12) as output: "), reason);
        assertTrue(reason.contains("No gpio chip yet initialized"), "Pi4J's own words are kept: " + reason);
        assertEquals(1, count(log, "hardware controls are off: "), log);
    }

    @Test
    void disabledOrEmptySettingsAreOffWithoutTouchingHardware() {
        ParameterRegistry registry = new ParameterRegistry();
        GpioHardware mustNotOpen = () -> {
            throw new AssertionError("hardware opened");
        };
        GpioService none = GpioService.builder(GpioSettings.NONE, registry).hardware(mustNotOpen).build();
        none.start();
        assertEquals(new GpioService.Availability(false, "gpio.enabled is false"), none.availability());
        GpioService empty = GpioService.builder(new GpioSettings(true, null, null, null, null, null, null, null, null), registry)
                .hardware(mustNotOpen).build();
        empty.start();
        assertEquals("no buttons, encoders or LEDs are configured", empty.availability().detail());
        empty.stop();
    }
}
