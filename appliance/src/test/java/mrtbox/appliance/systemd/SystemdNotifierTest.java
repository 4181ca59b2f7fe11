package mrtbox.appliance.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sd_notify through libsystemd, received by a real AF_UNIX datagram socket (socat stands in for systemd's
 * notify socket). The full Type=notify path under real systemd is exercised by the image boot test.
 */
class SystemdNotifierTest {

    @Test
    void withoutNotifySocketEveryCallIsANoOp() {
        // An environment without NOTIFY_SOCKET, whatever runs the suite (a container or a systemd unit sets it).
        SystemdNotifier n = SystemdNotifier.forEnvironment(java.util.Map.of("HOME", "/nonexistent"));
        assertFalse(n.active());
        n.ready("x");
        n.watchdogPing();
        assertTrue(n.watchdogInterval().isEmpty());
    }

    @Test
    void sendsReadyStatusWatchdogAndStoppingToTheNotifySocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("notify.sock");
        Path received = dir.resolve("received.txt");
        Process socat = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "CREATE:" + received)
                .redirectErrorStream(true).start();
        try {
            waitFor(() -> Files.exists(socket), "socat socket");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    NotifyProbe.class.getName()).redirectErrorStream(true);
            pb.environment().put("NOTIFY_SOCKET", socket.toString());
            Process probe = pb.start();
            assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "probe finished");
            String probeOut = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, probe.exitValue(), probeOut);
            waitFor(() -> Files.readString(received).contains("STOPPING=1"), "all datagrams");
            String all = Files.readString(received);
            int status = all.indexOf("STATUS=loading model");
            int ready = all.indexOf("READY=1\nSTATUS=playing tiny-v1");
            int ping = all.indexOf("WATCHDOG=1");
            int stop = all.indexOf("STOPPING=1");
            assertTrue(status >= 0 && ready > status && ping > ready && stop > ping, "in order: " + List.of(all));
        } finally {
            socat.destroyForcibly();
        }
    }

    interface Check {
        boolean ok() throws IOException;
    }

    private static void waitFor(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) return;
            } catch (IOException ignored) {
                // not there yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
