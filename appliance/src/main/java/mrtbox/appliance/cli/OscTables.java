package mrtbox.appliance.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mrtbox.appliance.box.Box;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.service.Appliance;
import mrtbox.control.osc.OscService;
import mrtbox.control.param.ParameterRegistry;

/**
 * The OSC address tables of the box as it runs, one per model kind: each is generated from the registry that
 * {@code mrtbox run} assembles for that kind's built-in model (standard parameters with the model's guidance range,
 * the input, styles, prompt surface and the model's own parameters), in a scratch state directory, without starting
 * anything. The first kind's table is given whole; a later kind's as the rows that differ and the addresses it lacks.
 */
final class OscTables {
    /** A model kind, the built-in model that stands for it, and the heading its table goes under. */
    record Kind(String model, String heading) {}

    static final List<Kind> KINDS = List.of(
            new Kind("tiny-v1", "With an MRT v1 model (`tiny-v1`, an installed `mrt-v1`)"),
            new Kind("tiny-mrt2", "With an MRT2 model (`tiny-mrt2`, an installed `mrt2`): the rows that differ from the MRT v1 table"));

    private OscTables() {}

    /** All kinds' tables, as the README carries them between its osc-table markers. */
    static String markdown() {
        StringBuilder out = new StringBuilder();
        List<String> first = null;
        for (Kind k : KINDS) {
            String table = OscService.addressTable(registryOf(k.model()));
            out.append(out.isEmpty() ? "" : "\n").append("**").append(k.heading()).append("**\n\n");
            if (first == null) {
                first = List.of(table.split("\n"));
                out.append(table);
                continue;
            }
            out.append(difference(first, List.of(table.split("\n"))));
        }
        return out.toString();
    }

    /** The rows of {@code other} that are not in {@code base}, under their tables' headers, and base's addresses other lacks. */
    private static String difference(List<String> base, List<String> other) {
        StringBuilder sb = new StringBuilder();
        String header = null;
        boolean headerWritten = false;
        for (int i = 0; i < other.size(); i++) {
            String line = other.get(i);
            if (line.startsWith("| address") || line.startsWith("| command") || line.startsWith("| sent to")) {
                header = line + "\n" + other.get(i + 1) + "\n";
                headerWritten = false;
                i++;
            } else if (line.startsWith("| `") && !base.contains(line)) {
                if (!headerWritten) sb.append(sb.isEmpty() ? "" : "\n").append(header);
                headerWritten = true;
                sb.append(line).append("\n");
            }
        }
        Set<String> lacking = new LinkedHashSet<>();
        Set<String> have = new LinkedHashSet<>();
        for (String line : other) if (line.startsWith("| `")) have.add(address(line));
        for (String line : base) if (line.startsWith("| `") && !have.contains(address(line))) lacking.add(address(line));
        if (!lacking.isEmpty()) {
            sb.append("\nNot with this kind: ").append(String.join(", ", lacking.stream().map(a -> "`" + a + "`").toList())).append("\n");
        }
        return sb.toString();
    }

    private static String address(String row) {
        return row.substring(3, row.indexOf('`', 3));
    }

    /** The registry {@code mrtbox run} assembles for {@code model}, in a scratch state directory (deleted after). */
    static ParameterRegistry registryOf(String model) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mrtbox-osc-table-");
            Path config = Files.writeString(dir.resolve("mrtbox.json"), "{\"paths\": {\"state\": \"" + dir.resolve("state")
                    + "\"}, \"model\": {\"name\": \"" + model + "\", \"play\": false}, \"audio\": {\"sink\": \"null\"},"
                    + " \"midi\": {\"enabled\": false}, \"osc\": {\"zeroconf\": false}}");
            Environment env = new Environment(Map.of(), dir, dir, dir.resolve("none.json"), dir.resolve("none"));
            LoadedConfig loaded = LoadedConfig.load(ConfigLocator.locate(config, env), Clock.systemUTC());
            if (loaded.problem().isPresent()) throw new IllegalStateException("osc-table's own config: " + loaded.problem().get());
            Box box = Box.offline(Clock.systemUTC());
            return new Appliance(loaded, ResolvedPaths.resolve(loaded, env), box, Clock.systemUTC()).parameters();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot assemble the box for " + model + ": " + e, e);
        } finally {
            if (dir != null) delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(all.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a scratch directory under /tmp: left for the system to clean
        }
    }
}
