package mrtbox.appliance.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.systemd.SystemdNotifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real box, started and stopped in this JVM, leaves none of its scene music worker threads behind. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BoxStopThreadsTest {
    private static final String WORKER = "mrtbox-scene-music";

    @TempDir
    Path root;

    private static Set<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(WORKER) && t.isAlive()).collect(Collectors.toSet());
    }

    @Test
    void stoppingTheBoxEndsTheSceneMusicWorker() throws Exception {
        Files.createDirectories(root.resolve("state/scene-states"));   // attach reads the (empty) states on the worker
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"}, "audio": {"sink": "null"}, "model": {"name": "tiny-mrt2"},
                 "osc": {"port": 0, "oscQueryPort": -1, "bind": "127.0.0.1", "zeroconf": false},
                 "web": {"port": 0, "bind": "127.0.0.1"}, "midi": {"enabled": false}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        Set<Thread> before = workers();   // other tests' SceneMusic instances in this JVM are not this box's
        Box box = new Box(Clock.systemUTC(), SystemdNotifier.forEnvironment(Map.of()), false);
        Appliance a = new Appliance(config, ResolvedPaths.resolve(config, env), box, Clock.systemUTC());
        a.start();
        List<Thread> mine;
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                mine = workers().stream().filter(t -> !before.contains(t)).toList();
                if (!mine.isEmpty()) break;
                Thread.sleep(20);
            } while (System.nanoTime() < end);
            assertEquals(1, mine.size(), "the playing model's scene music runs on one worker");
        } finally {
            a.stop();
        }
        for (Thread t : mine) t.join(TimeUnit.SECONDS.toMillis(15));
        for (Thread t : mine) assertFalse(t.isAlive(), "the box stopped, its scene music worker still runs");
    }
}
