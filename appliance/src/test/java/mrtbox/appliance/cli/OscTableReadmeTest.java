package mrtbox.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import mrtbox.control.osc.OscService;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's OSC address tables are the box's own: generated from the registry {@code mrtbox run} assembles per
 * model kind (not only the standard parameters), so every address a running box answers is documented.
 */
@Timeout(120)
class OscTableReadmeTest {
    @Test
    void everyParameterOfTheAssembledBoxIsInItsKindsTable() {
        for (OscTables.Kind k : OscTables.KINDS) {
            ParameterRegistry registry = OscTables.registryOf(k.model());
            String table = OscService.addressTable(registry);
            for (ParamSpec s : registry.specs()) assertTrue(table.contains("| `" + s.oscAddress() + "` |"), k.model() + ": " + s.oscAddress());
            for (String part : new String[] {"/mrtbox/input/", "/mrtbox/style/axis/", "/mrtbox/surface/", "/mrtbox/styles/available",
                    "/mrtbox/status/health"}) {
                assertTrue(table.contains("| `" + part), k.model() + " lacks " + part + "\n" + table);
            }
        }
        assertTrue(OscService.addressTable(OscTables.registryOf("tiny-mrt2")).contains("| `/mrtbox/mrt2/"), "MRT2's own parameters");
    }

    @Test
    void readmeCarriesTheGeneratedTables() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String begin = "<!-- osc-table:begin -->\n";
        int i = readme.indexOf(begin);
        int j = readme.indexOf("<!-- osc-table:end -->");
        assertTrue(i >= 0 && j > i, "README.md lacks the osc-table markers");
        assertEquals(OscTables.markdown(), readme.substring(i + begin.length(), j),
                "README's OSC address tables are stale: paste the output of `./mrtbox osc-table` between the markers");
    }
}
