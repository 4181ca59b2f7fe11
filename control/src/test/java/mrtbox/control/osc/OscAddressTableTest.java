package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

class OscAddressTableTest {
    private static String table() {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        return OscService.addressTable(registry);
    }

    @Test
    void listsEveryParameterAndCommand() {
        String t = table();
        for (ParamSpec s : StandardParams.all()) assertTrue(t.contains("| `" + s.oscAddress() + "` |"), s.oscAddress());
        for (OscCommand c : OscCommand.values()) assertTrue(t.contains("| `" + c.address() + "` |"), c.address());
        assertTrue(t.contains("| `/mrtbox/status/rtf` | f |"));
    }
    // The README's copy is the box's own tables (every model kind's registry): OscTableReadmeTest in appliance.
}
