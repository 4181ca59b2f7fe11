package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NtpTimeTest {
    @Test
    void unixEpochIsNtpSecond2208988800() {
        assertEquals(2_208_988_800L << 32, NtpTime.fromInstant(Instant.EPOCH));
        assertEquals(0L, NtpTime.toUnixNanos(2_208_988_800L << 32));
    }

    @Test
    void fractionIsBinary() {
        long half = NtpTime.fromInstant(Instant.parse("2026-11-24T00:00:00.5Z"));
        assertEquals(0x8000_0000L, half & 0xFFFF_FFFFL);
        // 2026-11-24T00:00:00Z = 1795478400 unix seconds
        assertEquals(1_795_478_400L + 2_208_988_800L, half >>> 32);
        assertEquals(Instant.parse("2026-11-24T00:00:00.5Z"), NtpTime.toInstant(half));
    }

    @Test
    void roundTripsWithinANanosecond() {
        Instant t = Instant.parse("2026-11-24T02:15:30.123456789Z");
        Instant back = NtpTime.toInstant(NtpTime.fromInstant(t));
        assertEquals(t.getEpochSecond(), back.getEpochSecond());
        assertTrue(Math.abs(t.getNano() - back.getNano()) <= 1, back.toString());
    }

    @Test
    void era1AfterFebruary2036() {
        Instant t = Instant.parse("2040-01-01T00:00:00Z");
        long tag = NtpTime.fromInstant(t);
        assertEquals(0, (tag >>> 63), "top bit clear in era 1");
        assertEquals(t, NtpTime.toInstant(tag));
    }
}
