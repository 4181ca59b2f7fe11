package mrtbox.appliance.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HealthLogTest {
    @Test
    void logsAChangeOfWordsOnceNotEveryChangeOfNumbers() {
        HealthLog h = new HealthLog();
        assertEquals("ok", h.changed("ok"));
        assertNull(h.changed("ok"));
        String slow = "degraded: this model runs at 0.41x real time here (median step 98 ms): expect gaps; try tiny-mrt2 or a GPU build";
        assertEquals(slow, h.changed(slow));
        assertNull(h.changed(slow.replace("0.41x", "0.39x").replace("98 ms", "102 ms")));
        assertEquals("ok", h.changed("ok"));
    }
}
