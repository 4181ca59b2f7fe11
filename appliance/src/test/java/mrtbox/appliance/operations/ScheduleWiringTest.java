package mrtbox.appliance.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.operations.MutableClock;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.service.Foundation;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.RegistryListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule wired into a running appliance (fake clock): after a power cut it starts in the scene and transport
 * state the schedule says (over the boot scene), presses the transport triggers on time, and the nightly restart
 * saves the playing values and asks the service to exit.
 */
class ScheduleWiringTest {
    private static final ZoneId ZONE = ZoneId.of("America/New_York");

    @TempDir
    Path root;

    /** The page's settings of the box last made. */
    private BoxSettings settings;

    private static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(ZONE).toInstant();
    }

    private Appliance appliance(MutableClock clock, List<ScheduleComponent> made) throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"},
                 "lastState": {"quietMs": 600000, "maxDelayMs": 600000},
                 "schedule": {"timeZone": "America/New_York", "start": "10:00", "stop": "18:00", "restart": "03:30",
                              "scenes": [{"at": "10:00", "scene": "day"}, {"at": "18:00", "scene": "night"}]}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        assertTrue(config.problem().isEmpty(), config.problem().toString());
        return new Appliance(config, ResolvedPaths.resolve(config, env), f -> {
            ScheduleComponent s = schedule(f, clock, true);
            made.add(s);
            settings = new BoxSettings(f.store());
            return List.of(new BootScene(f.scenes(), settings), s);
        }, Clock.systemUTC());
    }

    /** The schedule as the box builds it, on this clock. */
    private static ScheduleComponent schedule(Foundation f, Clock clock, boolean underSystemd) {
        return new ScheduleComponent(f.config().schedule(), f.config().model().play(), f.registry(), f.scenes(),
                f.lastStateFlush(), f.exit(), clock, underSystemd);
    }

    private static Object volume(Foundation f) {
        return f.registry().snapshot().value(f.registry().handle("output.volume"));
    }

    @Test
    void startsInTheScheduledStateThenFollowsTheDayAndRestartsAtNight() throws Exception {
        // First run: make the scenes and a boot scene, as an installer would on the page.
        MutableClock clock = new MutableClock(local("2026-11-24T12:00"));
        Appliance setup = appliance(clock, new ArrayList<>());
        setup.start();
        ChangeSource test = ChangeSource.of(ChangeSource.Kind.INTERNAL, "test");
        setup.foundation().registry().set("output.volume", -6.0, test);
        setup.foundation().scenes().save("day");
        setup.foundation().registry().set("output.volume", -30.0, test);
        setup.foundation().scenes().save("night");
        setup.foundation().registry().set("output.volume", -15.0, test);
        setup.foundation().scenes().save("boot");
        settings.update(s -> s.withBootScene("boot"));
        setup.stop();

        // The power comes back at 20:00: after the 18:00 stop and night scene.
        clock.set(local("2026-11-24T20:00"));
        List<ScheduleComponent> made = new ArrayList<>();
        List<String> exits = new ArrayList<>();
        List<String> triggers = new ArrayList<>();
        Appliance box = appliance(clock, made);
        box.onExitRequest(exits::add);
        box.start();
        try {
            Foundation ctx = box.foundation();
            ScheduleComponent schedule = made.get(0);
            assertEquals(-30.0, volume(ctx), "the schedule's scene wins over the boot scene");
            assertFalse(schedule.playAtStart(true), "after the stop time the engine starts stopped");
            ctx.registry().addListener(new RegistryListener() {
                @Override
                public void onChange(ParamChange c) {
                    if (c.id().startsWith("transport.")) triggers.add(c.id() + " by " + c.source().kind());
                }
            });

            ctx.registry().set("output.volume", -12.0, test);   // the operator turns it up at night
            clock.set(local("2026-11-25T03:30:02"));
            schedule.runner().runDue();
            assertEquals(List.of("nightly restart (schedule 03:30)"), exits);
            // The restart flushed the last state first (the debounce is ten minutes: only the flush can have written it).
            assertTrue(Files.readString(ctx.paths().state().resolve("last-state.json")).contains("-12.0"));

            clock.set(local("2026-11-25T10:00:30"));
            schedule.runner().runDue();
            assertEquals(List.of("transport.play by SCHEDULE"), triggers);
            assertEquals(-6.0, volume(ctx));
            clock.advance(Duration.ofHours(8));
            schedule.runner().runDue();
            assertEquals(List.of("transport.play by SCHEDULE", "transport.stop by SCHEDULE"), triggers);
            assertEquals(-30.0, volume(ctx));
        } finally {
            box.stop();
        }
    }

    @Test
    void anEmptyScheduleLeavesTheConfigInCharge() throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), "{\"paths\": {\"state\": \"state\"}}");
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        List<ScheduleComponent> made = new ArrayList<>();
        Appliance box = new Appliance(config, ResolvedPaths.resolve(config, env), f -> {
            made.add(schedule(f, Clock.systemUTC(), false));
            return List.copyOf(made);
        }, Clock.systemUTC());
        box.start();
        try {
            assertTrue(made.get(0).playAtStart(true));
            assertFalse(made.get(0).playAtStart(false));
        } finally {
            box.stop();
        }
    }
}
