package mrtbox.control.osc;

import java.time.Instant;

/**
 * OSC time tags: 64-bit NTP timestamps, 32 bits of seconds since 1900-01-01 and 32 bits of fraction.
 * Computed here rather than with JavaOSC 0.8, whose conversion is off by an hour and mishandles the epoch.
 * Seconds with the top bit clear are read as NTP era 1 (from 2036-02-07), as RFC 4330 suggests.
 */
public final class NtpTime {
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;
    /** The special time tag "immediately". */
    public static final long IMMEDIATE = 1L;

    private NtpTime() {}

    /** Nanoseconds since the Unix epoch for a time tag (not {@link #IMMEDIATE}). */
    public static long toUnixNanos(long timeTag) {
        long seconds = timeTag >>> 32;
        long fraction = timeTag & 0xFFFF_FFFFL;
        if ((seconds & 0x8000_0000L) == 0) seconds += 1L << 32; // era 1
        long unixSeconds = seconds - SECONDS_1900_TO_1970;
        return unixSeconds * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> 32);
    }

    public static long fromUnixNanos(long unixNanos) {
        long unixSeconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        long seconds = (unixSeconds + SECONDS_1900_TO_1970) & 0xFFFF_FFFFL;
        long fraction = (nanos << 32) / 1_000_000_000L;
        return (seconds << 32) | fraction;
    }

    public static long fromInstant(Instant t) {
        return fromUnixNanos(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano()));
    }

    public static Instant toInstant(long timeTag) {
        long n = toUnixNanos(timeTag);
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }
}
