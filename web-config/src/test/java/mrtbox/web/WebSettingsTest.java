package mrtbox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebSettingsTest {
    @Test
    void defaultsAreSafe() {
        WebSettings d = WebSettings.defaults();
        assertEquals(8080, d.port());
        assertEquals("0.0.0.0", d.bind());
        assertFalse(d.https());
        assertFalse(d.publicHealth(), "health is private unless configured");
        assertEquals(Duration.ofHours(12), d.sessionLifetime());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> WebSettings.builder().port(70000).build());
        assertThrows(IllegalArgumentException.class, () -> WebSettings.builder().https(true).build(), "https needs a keystore");
        assertThrows(IllegalArgumentException.class, () -> WebSettings.builder().sessionLifetime(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> WebSettings.builder().maxUploadBytes(10).build());
        assertEquals(Path.of("/var/lib/mrtbox/web.p12"), WebSettings.builder().https(true).keystore(Path.of("/var/lib/mrtbox/web.p12")).build().keystore());
    }
}
