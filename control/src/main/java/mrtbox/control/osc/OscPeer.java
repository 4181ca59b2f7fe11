package mrtbox.control.osc;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Who sent a packet and how to answer: a UDP sender (answered from the server's socket) or an OSCQuery WebSocket
 * client (answered over its socket). Only UDP peers can subscribe; WebSocket clients use LISTEN.
 *
 * @param address the sender's host and port
 * @param replies sends one encoded OSC packet back to this peer
 * @param udp     true for a UDP sender
 */
public record OscPeer(InetSocketAddress address, Consumer<byte[]> replies, boolean udp) {

    /** "host:port", as {@code ChangeSource} details and logs show it. */
    public String name() {
        return name(address);
    }

    static String name(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    void reply(byte[] packet) {
        replies.accept(packet);
    }

    @Override
    public String toString() {
        return (udp ? "udp:" : "ws:") + name();
    }
}
