package mrtbox.appliance.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A failing receiver is logged once, then once per period, and once more when it works again. */
class FailureLogTest {
    @Test
    void logsTheFirstFailureThenAtMostOncePerPeriod() {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-10T12:00:00Z"));
        FailureLog f = new FailureLog(LoggerFactory.getLogger(FailureLogTest.class), "heartbeat http://x", Duration.ofMinutes(10), clock);
        assertTrue(f.failed("connection refused"));
        assertEquals("connection refused", f.problem());
        int logged = 0;
        for (int beat = 1; beat <= 59; beat++) {   // a beat every 10 s for 9 min 50 s: all quiet
            clock.advance(Duration.ofSeconds(10));
            if (f.failed("connection refused")) logged++;
        }
        assertEquals(0, logged);
        assertEquals("connection refused (60 times in a row)", f.problem());
        clock.advance(Duration.ofSeconds(10));
        assertTrue(f.failed("timed out"), "ten minutes after the last line, the next failure is reported");
        assertEquals("timed out (61 times in a row)", f.problem());
        f.succeeded();
        assertEquals("", f.problem());
        clock.advance(Duration.ofSeconds(10));
        assertTrue(f.failed("connection refused"), "a new run of failures is reported at once");
        assertFalse(f.failed("connection refused"));
    }
}
