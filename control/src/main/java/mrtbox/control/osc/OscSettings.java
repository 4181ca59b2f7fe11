package mrtbox.control.osc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the OSC frontend can be told. Immutable; {@link #builder()} starts from the defaults below.
 *
 * @param bindAddress         where the OSC (UDP) and OSCQuery (HTTP) servers listen; "0.0.0.0" for every interface
 * @param port                OSC UDP port (9000; 0 picks a free one, for tests)
 * @param oscQueryPort        OSCQuery HTTP + WebSocket port (9001; 0 picks a free one; -1 disables OSCQuery)
 * @param zeroconf            advertise {@code _osc._udp} and {@code _oscjson._tcp} with mDNS
 * @param zeroconfInterface   network interface name to advertise on ("eth0"); empty picks from the bind address
 * @param serviceName         the instance name clients show ("mrtbox")
 * @param allowedNetworks     sender networks accepted; empty means the machine's local subnets plus loopback
 * @param echoRate            most state echoes per second and address to subscribers (30)
 * @param subscriptionTtl     a subscription ends this long after its last /mrtbox/subscribe (60 s)
 * @param maxSubscribers      most simultaneous subscribers (32)
 * @param maxBundleDepth      deepest bundle nesting accepted (8)
 * @param maxStringBytes      longest string or blob accepted, in bytes (4096)
 * @param maxElements         most messages and bundles in one packet (1024)
 * @param maxScheduleAhead    how far in the future a bundle's time tag may be (60 s)
 * @param maxScheduled        most messages waiting for their time tag (4096)
 * @param errorRepliesPerSecond most /mrtbox/error replies sent per second, all senders together (50)
 * @param hostNames           names besides IP addresses, localhost and the machine's host name that OSCQuery may be
 *                            reached by (its Host-header check against DNS rebinding); the mDNS name is added
 * @param allowedOrigins      web pages of other sites ({@code https://example.org}) allowed to use the OSCQuery
 *                            WebSocket; empty: only native clients (no Origin) and the box's own pages
 */
public record OscSettings(String bindAddress, int port, int oscQueryPort, boolean zeroconf, String zeroconfInterface,
                          String serviceName, List<Cidr> allowedNetworks, double echoRate, Duration subscriptionTtl,
                          int maxSubscribers, int maxBundleDepth, int maxStringBytes, int maxElements,
                          Duration maxScheduleAhead, int maxScheduled, int errorRepliesPerSecond,
                          List<String> hostNames, List<String> allowedOrigins) {

    public static final int DEFAULT_PORT = 9000;
    public static final int DEFAULT_OSCQUERY_PORT = 9001;

    public OscSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        zeroconfInterface = zeroconfInterface == null ? "" : zeroconfInterface;
        serviceName = serviceName == null || serviceName.isBlank() ? "mrtbox" : serviceName;
        allowedNetworks = List.copyOf(allowedNetworks);
        hostNames = List.copyOf(hostNames);
        allowedOrigins = List.copyOf(allowedOrigins);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("OSC port " + port + " is not 0..65535");
        if (oscQueryPort < -1 || oscQueryPort > 65535) throw new IllegalArgumentException("OSCQuery port " + oscQueryPort + " is not -1..65535");
        if (port != 0 && port == oscQueryPort) throw new IllegalArgumentException("OSC and OSCQuery need different ports");
        if (!(echoRate > 0 && echoRate <= 1000)) throw new IllegalArgumentException("echo rate " + echoRate + " Hz is not in (0, 1000]");
        if (subscriptionTtl.isNegative() || subscriptionTtl.isZero()) throw new IllegalArgumentException("subscription TTL must be positive");
        if (maxSubscribers < 1 || maxBundleDepth < 1 || maxStringBytes < 16 || maxElements < 1 || maxScheduled < 0
                || errorRepliesPerSecond < 0) {
            throw new IllegalArgumentException("OSC limits must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean oscQueryEnabled() {
        return oscQueryPort >= 0;
    }

    /** The allowlist these settings describe (the local subnets when none are listed). */
    public SenderAllowlist allowlist() {
        return allowedNetworks.isEmpty() ? SenderAllowlist.localSubnets() : new SenderAllowlist(allowedNetworks);
    }

    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private int oscQueryPort = DEFAULT_OSCQUERY_PORT;
        private boolean zeroconf = true;
        private String zeroconfInterface = "";
        private String serviceName = "mrtbox";
        private List<Cidr> allowedNetworks = List.of();
        private double echoRate = 30;
        private Duration subscriptionTtl = Duration.ofSeconds(60);
        private int maxSubscribers = 32;
        private int maxBundleDepth = 8;
        private int maxStringBytes = 4096;
        private int maxElements = 1024;
        private Duration maxScheduleAhead = Duration.ofSeconds(60);
        private int maxScheduled = 4096;
        private int errorRepliesPerSecond = 50;
        private List<String> hostNames = List.of();
        private List<String> allowedOrigins = List.of();

        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder oscQueryPort(int v) { oscQueryPort = v; return this; }
        public Builder zeroconf(boolean v) { zeroconf = v; return this; }
        public Builder zeroconfInterface(String v) { zeroconfInterface = v; return this; }
        public Builder serviceName(String v) { serviceName = v; return this; }
        public Builder allowedNetworks(List<Cidr> v) { allowedNetworks = v; return this; }
        public Builder echoRate(double v) { echoRate = v; return this; }
        public Builder subscriptionTtl(Duration v) { subscriptionTtl = v; return this; }
        public Builder maxSubscribers(int v) { maxSubscribers = v; return this; }
        public Builder maxBundleDepth(int v) { maxBundleDepth = v; return this; }
        public Builder maxStringBytes(int v) { maxStringBytes = v; return this; }
        public Builder maxElements(int v) { maxElements = v; return this; }
        public Builder maxScheduleAhead(Duration v) { maxScheduleAhead = v; return this; }
        public Builder maxScheduled(int v) { maxScheduled = v; return this; }
        public Builder errorRepliesPerSecond(int v) { errorRepliesPerSecond = v; return this; }
        public Builder hostNames(List<String> v) { hostNames = v; return this; }
        public Builder allowedOrigins(List<String> v) { allowedOrigins = v; return this; }

        public OscSettings build() {
            return new OscSettings(bindAddress, port, oscQueryPort, zeroconf, zeroconfInterface, serviceName,
                    allowedNetworks, echoRate, subscriptionTtl, maxSubscribers, maxBundleDepth, maxStringBytes,
                    maxElements, maxScheduleAhead, maxScheduled, errorRepliesPerSecond, hostNames, allowedOrigins);
        }
    }
}
