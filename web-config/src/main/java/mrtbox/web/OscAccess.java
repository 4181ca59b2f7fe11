package mrtbox.web;

import java.util.List;

/** OSC settings and state the mappings view shows: the listening port, the allowlist, subscribed clients. */
public interface OscAccess {

    /**
     * @param port      UDP port OSC is received on
     * @param allowlist sender addresses or CIDR ranges allowed to control the box; empty allows every sender
     */
    record Settings(int port, List<String> allowlist) {
        public Settings {
            allowlist = List.copyOf(allowlist);
        }
    }

    /** A client that receives state feedback. */
    record OscClient(String address, int port, String via) {}

    Settings settings();

    /** Applies new settings (the listener rebinds). Throws {@link IllegalArgumentException} with a reason, changing nothing. */
    void apply(Settings settings);

    List<OscClient> clients();

    /** The OSCQuery HTTP port, or 0 when OSCQuery is off. */
    int oscQueryPort();
}
