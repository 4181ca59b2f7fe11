package mrtbox.appliance.catalog;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ModelCatalogTest {
    @Test
    void findsProvidersOnTheClassPathAndNamesTheChoicesOnAMiss() {
        ModelCatalog c = ModelCatalog.standard();
        assertTrue(c.names().contains("test-tone"), "the test provider registers through ServiceLoader");
        assertEquals("test-tone", c.require("test-tone").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.require("nope"));
        assertTrue(e.getMessage().contains("unknown model 'nope'") && e.getMessage().contains("test-tone"), e.getMessage());
    }

    @Test
    void refusesTwoModelsWithOneName() {
        assertThrows(IllegalArgumentException.class, () -> new ModelCatalog(List.of(new TestToneProvider(), new TestToneProvider())));
        assertTrue(new ModelCatalog(List.of()).names().isEmpty());
    }
}
