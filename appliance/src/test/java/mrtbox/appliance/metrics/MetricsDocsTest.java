package mrtbox.appliance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.control.midi.MidiStats;
import mrtbox.control.osc.OscServer;
import mrtbox.control.osc.OscSettings;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.status.StatusBoard;
import mrtbox.inference.engine.StepHistogram;
import mrtbox.web.api.SystemProbe;
import mrtbox.web.auth.LoginFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's series table ("Many boxes") lists exactly the series a box with every source exports. */
class MetricsDocsTest {
    @TempDir Path root;

    @Test
    void theReadmeTableListsEveryMrtboxSeries() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("mrtbox.repo.root", ".."), "README.md"));
        int start = readme.indexOf("## Many boxes");
        assertTrue(start >= 0, "the README has no 'Many boxes' section");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(mrtbox_[a-z_]+)` \\|").matcher(section);
        while (m.find()) documented.add(m.group(1));

        Set<String> exported = new TreeSet<>();
        Set<String> all = new TreeSet<>();
        for (MetricSnapshot family : everything().scrape()) {
            String name = family.getMetadata().getPrometheusName();
            if (family instanceof CounterSnapshot) name += "_total";
            if (family instanceof InfoSnapshot) name += "_info";
            all.add(name);
            if (name.startsWith("mrtbox_")) exported.add(name);
        }
        assertEquals(exported, documented, "README 'Many boxes' series table vs. the series the box exports");
        // the JVM and process series the section names exist too
        Matcher named = Pattern.compile("`((?:jvm|process)_[a-z_]+)`").matcher(section);
        while (named.find()) assertTrue(all.contains(named.group(1)), named.group(1) + " is not exported: " + all);
    }

    /** A box with every source: OSC running, a model loaded, a thermal zone, native memory readable. */
    private BoxMetrics everything() throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  1 0 1 1 1 0 0 0 0 0\n");
        Files.writeString(Files.createDirectories(root.resolve("thermal/thermal_zone0")).resolve("temp"), "40000\n");
        OscServer osc = new OscServer(OscSettings.builder().build(), new ParameterRegistry(), null, null, null, new StatusBoard(),
                Clock.systemUTC());   // never started: only its counters are read
        EngineFacts facts = new EngineFacts("USB", true, 0, new StepHistogram().snapshot(), 1.0, false, OptionalLong.of(1));
        StatusBoard board = new StatusBoard();
        return new BoxMetrics("box", "here")
                .engine(board, () -> facts, () -> false)
                .control(() -> Optional.of(osc.stats()), () -> new MidiStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1),
                        new LoginFailures())
                .system(new SystemProbe(proc, root.resolve("thermal")))
                .build(new BuildInfo("1", "abc"), board);
    }
}
