package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void readmeCarriesTheCurrentTable() throws Exception {
        String root = System.getProperty("mrtbox.repo.root");
        assertNotNull(root, "mrtbox.repo.root is set by the parent pom's surefire configuration");
        String readme = Files.readString(Path.of(root, "README.md"));
        String begin = "<!-- osc-table:begin -->\n";
        int i = readme.indexOf(begin);
        int j = readme.indexOf("<!-- osc-table:end -->");
        assertTrue(i >= 0 && j > i, "README.md lacks the osc-table markers");
        assertEquals(table(), readme.substring(i + begin.length(), j),
                "README's OSC address table is stale: paste the output of `./mrtbox osc-table` between the markers");
    }
}
