package mrtbox.web;

import java.util.List;

/** OSC settings and state the mappings view shows: the listening port, the allowlist, subscribed clients. */
public interface OscAccess {

    /**
     * @param port      UDP port OSC is received on
     * @param allowlist the stored sender allowlist, addresses or CIDR ranges; empty means the box's own subnets
     *                  and loopback, whatever network it is on (as in the config); 0.0.0.0/0 and ::/0 allow everyone
     */
    record Settings(int port, List<String> allowlist) {
        public Settings {
            allowlist = List.copyOf(allowlist);
        }
    }

    /** A client that receives state feedback. */
    record OscClient(String address, int port, String via) {}

    /** The stored choice (what Apply sends back unchanged when only the port is edited). */
    Settings settings();

    /** The senders allowed now: the stored list, or the box's current subnets and loopback when it is empty. */
    List<String> effectiveAllowlist();

    /** Applies new settings (the listener rebinds). Throws {@link IllegalArgumentException} with a reason, changing nothing. */
    void apply(Settings settings);

    List<OscClient> clients();

    /** The OSCQuery HTTP port, or 0 when OSCQuery is off. */
    int oscQueryPort();
}
