package mrtbox.web.testing;

import java.util.List;
import mrtbox.web.OscAccess;

/** OSC settings held in memory; refuses malformed allowlist entries like the real listener would. */
public final class MemoryOsc implements OscAccess {
    private Settings settings = new Settings(9000, List.of());

    @Override
    public synchronized Settings settings() {
        return settings;
    }

    @Override
    public synchronized void apply(Settings s) {
        for (String a : s.allowlist()) {
            if (!a.matches("[0-9a-fA-F:.]+(/\\d{1,3})?")) throw new IllegalArgumentException("allowlist entry '" + a + "' is not an address or CIDR range");
        }
        settings = s;
    }

    /** Empty stored list: a fixed stand-in for the box's own subnets. */
    @Override
    public synchronized List<String> effectiveAllowlist() {
        return settings.allowlist().isEmpty() ? List.of("127.0.0.0/8", "192.168.1.0/24") : settings.allowlist();
    }

    @Override
    public List<OscClient> clients() {
        return List.of(new OscClient("192.168.1.20", 9001, "/mrtbox/subscribe"));
    }

    @Override
    public int oscQueryPort() {
        return 8090;
    }
}
