package mrtbox.control.osc;

import java.net.InetSocketAddress;

/** Sends one encoded OSC packet to a peer (the server's UDP socket, so replies come from the port clients know). */
interface OscTransport {
    /** Never blocks for long; failures surface as unchecked exceptions and are counted by callers. */
    void send(InetSocketAddress to, byte[] packet);
}
