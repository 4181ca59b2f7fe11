package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with an OSC implementation nobody here wrote: liblo's {@code oscsend} and {@code oscdump}
 * (Debian package liblo-tools, installed by ./mrtbox test). Missing tools fail the test, loudly.
 */
class LibloInteropTest {

    private static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) return f.getPath();
        }
        throw new AssertionError(name + " not found: install Debian's liblo-tools (./mrtbox test does it)");
    }

    private static void oscsend(int port, String address, String types, String... values) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool("oscsend"), "127.0.0.1", Integer.toString(port), address, types));
        cmd.addAll(List.of(values));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "oscsend hung");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "oscsend failed: " + out);
    }

    @Test
    void oscsendSetsValuesOfEveryKind() throws Exception {
        try (OscFixture fx = new OscFixture()) {
            oscsend(fx.port(), "/mrtbox/prompt/4/weight", "f", "0.35");
            oscsend(fx.port(), "/mrtbox/sampling/top_k", "i", "77");
            oscsend(fx.port(), "/mrtbox/output/mute", "T");
            oscsend(fx.port(), "/mrtbox/prompt/4/text", "s", "lofi hip hop, vinyl crackle");
            oscsend(fx.port(), "/mrtbox/transport/play", "");
            oscsend(fx.port(), "/mrtbox/sampling/guidance", "d", "6.5");
            oscsend(fx.port(), "/mrtbox/prompt/[56]/weight", "i", "1");
            oscsend(fx.port(), "/mrtbox/note/on", "ii", "48", "80");
            OscFixture.await("oscsend values", () -> fx.notes.size() == 1, 3000);
            assertEquals(0.35, fx.value(StandardParams.promptWeight(4)));
            assertEquals(77, fx.value(StandardParams.TOP_K));
            assertEquals(true, fx.value(StandardParams.MUTE));
            assertEquals("lofi hip hop, vinyl crackle", fx.value(StandardParams.promptText(4)));
            assertEquals(1L, fx.value(StandardParams.PLAY));
            assertEquals(6.5, fx.value(StandardParams.GUIDANCE));
            assertEquals(1.0, fx.value(StandardParams.promptWeight(5)));
            assertEquals(1.0, fx.value(StandardParams.promptWeight(6)));
            assertEquals(List.of("on 48 80 OSC"), fx.notes);
            assertEquals(0, fx.server.stats().errorsTotal());
        }
    }

    @Test
    void oscdumpReceivesTheStateEcho() throws Exception {
        int dumpPort;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            dumpPort = probe.getLocalPort();
        }
        try (OscFixture fx = new OscFixture()) {
            Process dump = new ProcessBuilder(tool("oscdump"), "-L", Integer.toString(dumpPort)).redirectErrorStream(true).start();
            try {
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(dump.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) lines.add(line);
                    } catch (java.io.IOException e) {
                        lines.add("read failed: " + e);
                    }
                });
                reader.setDaemon(true);
                reader.start();
                // oscdump needs a moment to bind; subscribe until the acknowledgement shows up in its output.
                String ack = null;
                for (int i = 0; i < 20 && ack == null; i++) {
                    oscsend(fx.port(), "/mrtbox/subscribe", "i", Integer.toString(dumpPort));
                    for (String l; (l = lines.poll(250, TimeUnit.MILLISECONDS)) != null; ) {
                        if (l.contains("/mrtbox/subscribed")) {
                            ack = l;
                            break;
                        }
                    }
                }
                assertTrue(ack != null && ack.contains(" i 60"), "oscdump never saw /mrtbox/subscribed: " + ack);
                fx.registry.set(StandardParams.promptWeight(3), 0.5, ChangeSource.INTERNAL);
                fx.registry.set(StandardParams.promptText(3), "choir pads", ChangeSource.INTERNAL);
                boolean weight = false;
                boolean text = false;
                long end = System.currentTimeMillis() + 5000;
                while (!(weight && text) && System.currentTimeMillis() < end) {
                    String l = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (l == null) continue;
                    weight |= l.contains("/mrtbox/prompt/3/weight f 0.5");
                    text |= l.contains("/mrtbox/prompt/3/text s \"choir pads\"");
                }
                assertTrue(weight && text, "oscdump did not print both echoes (weight " + weight + ", text " + text + ")");
            } finally {
                dump.destroy();
                dump.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
