package mrtbox.control.osc;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which sender networks may talk to the OSC and OSCQuery servers. The default is the machine's own subnets
 * (every address of every interface that is up, with its prefix) plus loopback: the LAN the box sits on, not
 * the internet beyond a router that forwards a port by mistake.
 */
public final class SenderAllowlist {
    private final List<Cidr> networks;

    public SenderAllowlist(List<Cidr> networks) {
        if (networks.isEmpty()) throw new IllegalArgumentException("an allowlist needs at least one network");
        this.networks = List.copyOf(networks);
    }

    /** The local subnets of this machine's interfaces, plus 127.0.0.0/8 and ::1. */
    public static SenderAllowlist localSubnets() {
        Set<Cidr> out = new LinkedHashSet<>();
        out.add(Cidr.parse("127.0.0.0/8"));
        out.add(Cidr.parse("::1/128"));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) continue;
                for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
                    InetAddress a = ia.getAddress();
                    int prefix = ia.getNetworkPrefixLength();
                    if (a == null || prefix < 0 || prefix > a.getAddress().length * 8) continue;
                    out.add(new Cidr(a, prefix));
                }
            }
        } catch (SocketException e) {
            // Loopback only is still a working (if narrow) default; the log says why remote clients are refused.
            org.slf4j.LoggerFactory.getLogger(SenderAllowlist.class).warn("cannot list network interfaces: {}", e.toString());
        }
        return new SenderAllowlist(new ArrayList<>(out));
    }

    public boolean allows(InetAddress sender) {
        for (Cidr c : networks) if (c.contains(sender)) return true;
        return false;
    }

    @Override
    public String toString() {
        return networks.toString();
    }
}
