package mrtbox.control.osc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** A network in CIDR notation ({@code 192.168.1.0/24}, {@code ::1/128}; a bare address is a /32 or /128). */
public final class Cidr {
    private final byte[] network;
    private final int prefix;

    public Cidr(InetAddress address, int prefix) {
        byte[] raw = address.getAddress();
        if (prefix < 0 || prefix > raw.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefix + " does not fit " + address.getHostAddress());
        }
        this.network = mask(raw, prefix);
        this.prefix = prefix;
    }

    /** Parses {@code address[/prefix]}; only numeric addresses (no name lookups). */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("'" + text + "' is not a numeric address or CIDR network");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host); // numeric: no DNS query
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid address", e);
        }
        int bits = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length", e);
        }
        return new Cidr(address, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] raw = unmapped(address).getAddress();
        return raw.length == network.length && Arrays.equals(mask(raw, prefix), network);
    }

    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] r = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= r[i] == 0;
            mapped &= (r[10] & 0xff) == 0xff && (r[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(r, 12, 16));
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return a;
    }

    private static byte[] mask(byte[] raw, int prefix) {
        byte[] out = raw.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
