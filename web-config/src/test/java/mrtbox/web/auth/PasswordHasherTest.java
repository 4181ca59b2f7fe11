package mrtbox.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    @Test
    void defaultRecordIsSaltedSlowAndVerifies() {
        PasswordHasher h = new PasswordHasher();
        long t0 = System.nanoTime();
        String record = h.hash("correct horse battery".toCharArray());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("PBKDF2-HMAC-SHA256 with " + PasswordHasher.DEFAULT_ITERATIONS + " iterations: " + ms + " ms for one hash");
        String[] parts = record.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("600000", parts[1]);
        assertTrue(h.verify("correct horse battery".toCharArray(), record));
        assertFalse(h.verify("correct horse batterY".toCharArray(), record));
        assertNotEquals(record, h.hash("correct horse battery".toCharArray()), "a fresh salt each time");
    }

    @Test
    void malformedOrWeakRecordsNeverVerify() {
        PasswordHasher h = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
        String good = h.hash("pw".toCharArray());
        assertTrue(h.verify("pw".toCharArray(), good));
        String weak = good.replace("$100000$", "$1000$");
        assertFalse(h.verify("pw".toCharArray(), weak), "a tampered low iteration count is refused");
        for (String bad : new String[] {null, "", "plain", "pbkdf2-sha256$x$y$z", "md5$1$2$3", good + "$extra"}) {
            assertFalse(h.verify("pw".toCharArray(), bad), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(1000));
    }
}
