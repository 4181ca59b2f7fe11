package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void matchesNetworks() throws Exception {
        Cidr lan = Cidr.parse("192.168.1.0/24");
        assertTrue(lan.contains(ip("192.168.1.77")));
        assertFalse(lan.contains(ip("192.168.2.1")));
        assertTrue(Cidr.parse("10.0.0.0/8").contains(ip("10.200.3.4")));
        assertTrue(Cidr.parse("10.1.2.3").contains(ip("10.1.2.3")));
        assertFalse(Cidr.parse("10.1.2.3").contains(ip("10.1.2.4")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8")));
        assertTrue(Cidr.parse("fd00::/8").contains(ip("fd12::1")));
        assertFalse(Cidr.parse("fd00::/8").contains(ip("10.0.0.1")));
        assertTrue(lan.contains(ip("::ffff:192.168.1.5")), "IPv4-mapped IPv6 senders");
        assertTrue(Cidr.parse("192.168.1.130/25").contains(ip("192.168.1.200")));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> new SenderAllowlist(List.of()));
    }

    @Test
    void defaultAllowlistHasLoopbackAndLocalSubnets() throws Exception {
        SenderAllowlist local = SenderAllowlist.localSubnets();
        assertTrue(local.allows(ip("127.0.0.1")));
        assertTrue(local.allows(ip("::1")));
        assertFalse(local.allows(ip("203.0.113.9")), "a documentation address is not local: " + local);
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp()) continue;
            for (var a : java.util.Collections.list(nic.getInetAddresses())) assertTrue(local.allows(a), a + " of " + nic.getName());
        }
    }
}
