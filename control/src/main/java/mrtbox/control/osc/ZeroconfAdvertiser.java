package mrtbox.control.osc;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advertises services over mDNS with JmDNS, bound to one interface address chosen on purpose: never
 * {@code InetAddress.getLocalHost()}, which is 127.0.1.1 on Debian and would advertise the box to nobody.
 */
public final class ZeroconfAdvertiser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZeroconfAdvertiser.class);

    private final InetAddress address;
    private final String hostName;
    private JmDNS jmdns;

    public ZeroconfAdvertiser(InetAddress address, String hostName) {
        this.address = address;
        this.hostName = hostName;
    }

    /**
     * The address to advertise on: the named interface's (IPv4 preferred), else the bind address when it is a
     * specific one, else the first IPv4 address of an up, non-loopback, multicast-capable interface, else loopback.
     */
    public static InetAddress chooseAddress(String interfaceName, String bindAddress) throws IOException {
        if (!interfaceName.isEmpty()) {
            NetworkInterface nic = NetworkInterface.getByName(interfaceName);
            if (nic == null) throw new IOException("no network interface named '" + interfaceName + "'");
            List<InetAddress> addresses = Collections.list(nic.getInetAddresses());
            if (addresses.isEmpty()) throw new IOException("interface '" + interfaceName + "' has no address");
            return addresses.stream().filter(a -> a instanceof Inet4Address).findFirst().orElse(addresses.get(0));
        }
        InetAddress bind = InetAddress.getByName(bindAddress);
        if (!bind.isAnyLocalAddress()) return bind;
        InetAddress lan = firstLanAddress();
        return lan != null ? lan : InetAddress.getLoopbackAddress();
    }

    private static InetAddress firstLanAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || !nic.supportsMulticast()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) return a;
            }
        }
        return null;
    }

    public synchronized void start() throws IOException {
        if (jmdns != null) return;
        jmdns = JmDNS.create(address, hostName);
        log.info("Zeroconf on {} as {}", address.getHostAddress(), hostName);
    }

    /**
     * Registers a service such as {@code _osc._udp.local.}; blocks while JmDNS probes for a name clash (a second
     * or so), so callers run it off the start-up path.
     */
    public synchronized void advertise(String type, String instanceName, int port, Map<String, String> text) throws IOException {
        if (jmdns == null) throw new IllegalStateException("start() first");
        jmdns.registerService(ServiceInfo.create(type, instanceName, port, 0, 0, text));
        log.info("advertised {} {} on port {}", type, instanceName, port);
    }

    @Override
    public synchronized void close() {
        if (jmdns == null) return;
        jmdns.unregisterAllServices();
        try {
            jmdns.close();
        } catch (IOException e) {
            log.debug("closing JmDNS", e);
        }
        jmdns = null;
    }

}
