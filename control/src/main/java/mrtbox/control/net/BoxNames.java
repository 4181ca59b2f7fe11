package mrtbox.control.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names this box is reached by, for two browser checks. The Host-header check against DNS rebinding: a page on
 * {@code evil.example} whose name is made to resolve to the box still sends {@code Host: evil.example}, which is none
 * of these; an IP address in the Host header is always accepted (a rebinding page cannot make the browser send one).
 * The Origin check: a page is the box's own when its host is one of these names or an address of this machine.
 *
 * <p>Names: {@code localhost}, the machine's host name with and without {@code .local}, and the extra names given
 * (the mDNS service name, DNS names from the config).
 */
public final class BoxNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%[A-Za-z0-9_.-]+)?");

    private final Set<String> names;

    private BoxNames(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** localhost, this machine's host name (and {@code .local}), and {@code extra} (e.g. "mrtbox.local", "box.lan"). */
    public static BoxNames forThisMachine(Collection<String> extra) {
        Set<String> all = new LinkedHashSet<>(extra);
        String host = machineHostName();
        if (!host.isEmpty()) {
            all.add(host);
            all.add(host + ".local");
        }
        return of(all);
    }

    /** Exactly localhost and {@code names} (tests). */
    public static BoxNames of(Collection<String> names) {
        Set<String> all = new LinkedHashSet<>();
        all.add("localhost");
        for (String n : names) {
            String k = normalise(n);
            if (!k.isEmpty()) all.add(k);
        }
        return new BoxNames(all);
    }

    /** The names, lower case, without trailing dots. */
    public Set<String> names() {
        return names;
    }

    /**
     * Whether a Host header (with or without port; IPv6 in brackets) names this box: an IP address, or one of the
     * names. A missing header (HTTP/1.0 clients) is accepted: browsers always send one.
     */
    public boolean trustsHostHeader(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) return true;
        String host = hostOf(hostHeader);
        return isIpLiteral(host) || names.contains(host);
    }

    /** Whether an Origin header ({@code http://host:port}) is a page of this box: one of the names or a local address. */
    public boolean isOwnOrigin(String origin) {
        String host = originHost(origin);
        if (host == null) return false;
        if (names.contains(host)) return true;
        return isIpLiteral(host) && isLocalAddress(host);
    }

    /** The host of a Host header: lower case, without port, brackets or trailing dot. */
    public static String hostOf(String hostHeader) {
        String h = hostHeader.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return normalise(end > 0 ? h.substring(1, end) : h.substring(1));
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon);
        return normalise(h);
    }

    /** {@code "http://Box.local:8080"} to {@code "box.local"}; null when it is not an http(s) origin. */
    static String originHost(String origin) {
        if (origin == null) return null;
        try {
            URI u = URI.create(origin.strip());
            if (u.getHost() == null || u.getScheme() == null) return null;
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return null;
            String host = u.getHost();
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            return normalise(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":") && IPV6.matcher(host).matches();
    }

    /** An address literal of one of this machine's interfaces (loopback included). Literals need no DNS lookup. */
    private static boolean isLocalAddress(String literal) {
        try {
            InetAddress a = InetAddress.getByName(literal);
            return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String normalise(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        return n;
    }

    /** The kernel's host name (no DNS lookup); empty when unknown. */
    private static String machineHostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) return normalise(Files.readString(kernel));
        } catch (IOException e) {
            // fall back to Java's view below
        }
        try {
            return normalise(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
