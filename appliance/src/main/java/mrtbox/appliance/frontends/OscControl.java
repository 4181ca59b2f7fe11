package mrtbox.appliance.frontends;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.control.osc.OscService;
import mrtbox.control.osc.SenderAllowlist;
import mrtbox.web.OscAccess;

/**
 * The page's OSC view over the running OSC service: port, the stored allowlist (empty: the box's own subnets, as in
 * the config, so it follows the box to the next venue) and separately the senders allowed now, subscribed clients
 * and the OSCQuery port. Applying saves the choice to {@code settings.json} once the service runs on it.
 */
public final class OscControl implements OscAccess {
    private final OscComponent component;
    private final BoxSettings saved;

    public OscControl(OscComponent component, BoxSettings saved) {
        this.component = component;
        this.saved = saved;
    }

    @Override
    public Settings settings() {
        OscService s = component.service();
        int port = s != null ? s.osc().localAddress().getPort() : component.settings().port();
        return new Settings(port, component.allowlist());
    }

    /** What is allowed now, spelled out ("127.0.0.0/8, 192.168.1.0/24, ..."). */
    @Override
    public List<String> effectiveAllowlist() {
        OscService s = component.service();
        String text = (s != null ? s.osc().allowlist() : SenderAllowlist.localSubnets()).toString();
        List<String> out = new ArrayList<>();
        for (String part : text.substring(1, text.length() - 1).split(",")) if (!part.isBlank()) out.add(part.strip());
        return out;
    }

    @Override
    public void apply(Settings requested) {
        if (requested.port() < 1 || requested.port() > 65535) throw new IllegalArgumentException("port must be 1..65535, got " + requested.port());
        List<String> allow = requested.allowlist();
        try {
            OscComponent.networks(allow);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allowlist: " + e.getMessage(), e);
        }
        try {
            component.restart(requested.port(), allow);
        } catch (Exception e) {
            throw new IllegalArgumentException("OSC could not listen on port " + requested.port() + ": " + e.getMessage()
                    + " (kept the previous settings)", e);
        }
        saved.update(f -> f.withOsc(requested.port(), allow));
    }

    @Override
    public List<OscClient> clients() {
        OscService s = component.service();
        if (s == null) return List.of();
        List<OscClient> out = new ArrayList<>();
        for (InetSocketAddress a : s.osc().subscribers()) out.add(new OscClient(a.getAddress().getHostAddress(), a.getPort(), "UDP subscribe"));
        return out;
    }

    @Override
    public int oscQueryPort() {
        OscService s = component.service();
        return s != null && s.oscQuery() != null ? s.oscQuery().localPort() : 0;
    }
}
