package mrtbox.appliance.operations;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import mrtbox.control.osc.OscWriter;

/**
 * Sends the heartbeat as one OSC message over UDP. The host name is resolved at every beat (a receiver that moves
 * to another address is found again); UDP cannot tell whether it arrived, so only local failures (no such host, no
 * route) count as failed beats.
 */
public final class OscHeartbeat implements HeartbeatTarget {
    private final InetSocketAddress target;
    private final OscWriter writer = new OscWriter();
    private final DatagramSocket socket;

    /** {@code target} may be unresolved ({@code InetSocketAddress.createUnresolved}). */
    public OscHeartbeat(InetSocketAddress target) throws SocketException {
        this.target = target;
        this.socket = new DatagramSocket();
    }

    @Override
    public String describe() {
        return "osc " + target.getHostString() + ":" + target.getPort();
    }

    @Override
    public void send(HeartbeatMessage message) throws IOException {
        InetSocketAddress resolved = new InetSocketAddress(target.getHostString(), target.getPort());
        if (resolved.isUnresolved()) throw new UnknownHostException("cannot resolve " + target.getHostString());
        byte[] bytes = writer.encode(HeartbeatMessage.OSC_ADDRESS, message.oscArguments());
        socket.send(new DatagramPacket(bytes, bytes.length, resolved));
    }

    @Override
    public void close() {
        socket.close();
    }
}
