package mrtbox.appliance.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The appliance boot test ({@code image-build/boot-test.sh}): builds a Debian root filesystem with mmdebstrap,
 * installs this build's .deb, boots it with systemd-nspawn, and a checker unit inside verifies that mrtbox
 * reached {@code active} through sd_notify, the web page and OSC answer, state survives a forced kill, and a
 * wired interface takes its address by DHCP (a flashed box must be reachable on its network).
 * Needs root, mmdebstrap, systemd-nspawn and a Debian mirror; where any is missing it FAILS and says what to
 * install (it never skips). Run by {@code mvn verify} (Failsafe), after the package phase built the .deb.
 * Then, on the same root filesystem (no second mmdebstrap), {@code image-build/upgrade-test.sh} upgrades the
 * package to a newer version, checks that config and state survive and the service comes back, and purges it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootTestIT {
    /** mmdebstrap (about 90 s), installing, two boots of the JVM service; the script kills the boot at 8 minutes. */
    private static final long LIMIT_MINUTES = 11;
    /** Repacking, one boot, the upgrade (a third start of the JVM service), the purge; the boot is killed at 7. */
    private static final long UPGRADE_LIMIT_MINUTES = 8;

    private static Path work;
    private static boolean booted;
    private static boolean upgraded;

    @Test
    @Order(1)
    @Timeout(value = LIMIT_MINUTES + 1, unit = TimeUnit.MINUTES)
    void theBoxBootsFromItsPackageAndKeepsItsState() throws Exception {
        Path repo = Path.of(property("mrtbox.repo.root"));
        Path deb = Path.of(property("mrtbox.deb"));
        String arch = property("mrtbox.deb.arch");
        List<String> missing = new ArrayList<>();
        if (!isRoot()) missing.add("root (mmdebstrap and systemd-nspawn need it; CI runs as root)");
        for (String tool : new String[] {"mmdebstrap", "systemd-nspawn"}) {
            if (!onPath(tool)) missing.add(tool + " (apt-get install " + (tool.equals("mmdebstrap") ? "mmdebstrap" : "systemd-container") + ")");
        }
        if (!Files.isRegularFile(deb)) missing.add("the package " + deb + " (built by the package phase; was -Djdeb.skip=true given?)");
        if (!missing.isEmpty()) fail("the boot test cannot run without: " + String.join("; ", missing));

        work = deb.getParent().resolve("boot-test");
        Path log = deb.getParent().resolve("boot-test.log");
        Process p = new ProcessBuilder("bash", repo.resolve("image-build/boot-test.sh").toString(), deb.toString(), work.toString(), arch)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the boot test did not finish within " + LIMIT_MINUTES + " minutes; output:\n" + read(log));
        }
        String out = read(log);
        assertEquals(0, p.exitValue(), "boot test failed (work directory " + work + "):\n" + out);
        for (String check : new String[] {"PASS mrtbox reached active through sd_notify", "PASS web page answers",
                "PASS OSC port", "PASS state survived a forced kill", "PASS polkit power-off rule installed",
                "PASS the image ships an empty machine-id", "PASS loopback is up", "PASS /etc/hosts: localhost", "PASS hostname mrtbox",
                "PASS machine-id generated at boot", "PASS /etc/resolv.conf present (systemd-resolved's stub)",
                "PASS systemd-networkd and systemd-resolved enabled and active, DHCP on en* eth*",
                "PASS without a cable boot waited", "PASS a wired interface gets its address by DHCP", "DONE"}) {
            assertTrue(out.contains(check), "missing '" + check + "' in:\n" + out);
        }
        booted = true;
    }

    @Test
    @Order(2)
    @Timeout(value = UPGRADE_LIMIT_MINUTES + 1, unit = TimeUnit.MINUTES)
    void thePackageUpgradesKeepingConfigAndStateThenPurgesCleanly() throws Exception {
        if (!booted) fail("the upgrade test runs on the boot test's root filesystem, and the boot test did not pass");
        Path repo = Path.of(property("mrtbox.repo.root"));
        Path deb = Path.of(property("mrtbox.deb"));
        Path log = deb.getParent().resolve("upgrade-test.log");
        Process p = new ProcessBuilder("bash", repo.resolve("image-build/upgrade-test.sh").toString(), deb.toString(), work.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(UPGRADE_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the upgrade test did not finish within " + UPGRADE_LIMIT_MINUTES + " minutes; output:\n" + read(log));
        }
        String out = read(log);
        assertEquals(0, p.exitValue(), "upgrade test failed (work directory " + work + "):\n" + out);
        for (String check : new String[] {"PASS upgraded", "PASS config in /etc/mrtbox and state in /var/lib/mrtbox survived",
                "PASS the service came back after the upgrade", "PASS apt-get purge mrtbox exited 0",
                "PASS purge removed the user, config, state, cache and unit", "DONE"}) {
            assertTrue(out.contains(check), "missing '" + check + "' in:\n" + out);
        }
        upgraded = true;
    }

    /** After a pass; a failed run keeps it to look into (the next run starts afresh). */
    @AfterAll
    static void deleteRootfs() throws IOException {
        if (upgraded) deleteTree(work.resolve("rootfs")); // half a gigabyte; the logs stay
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) fail("system property " + name + " is not set: run this test through `mvn verify` (Failsafe)");
        return v;
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        id.waitFor();
        return uid.equals("0");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
