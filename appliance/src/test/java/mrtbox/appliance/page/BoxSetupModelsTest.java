package mrtbox.appliance.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mrtbox.appliance.box.BoxSwitching;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.health.StatusNotes;
import mrtbox.appliance.health.StatusPublisher;
import mrtbox.appliance.instrument.EngineComponent;
import mrtbox.appliance.instrument.LoadedStyleModel;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.status.InputStatus;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.install.ModelManifest;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.web.SetupAccess.ModelEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live model switching from the setup view, on the real engine with the tiny models (null audio sink, status from
 * the engine's own meters): a chosen model loads beside the playing one and takes over, audibly; a model that fails
 * to load leaves the old one playing, audibly, with the reason in the list; the list never calls a model playing that
 * is not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BoxSetupModelsTest {
    @TempDir Path root;

    private final StatusBoard board = new StatusBoard();
    private BoxSetup setup;
    private BoxSettings settings;

    private Appliance start(String model) throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), "{\"paths\": {\"state\": \"state\"}, \"audio\": {\"sink\": \"null\"},"
                + " \"model\": {\"name\": \"" + model + "\"}, \"midi\": {\"enabled\": false}}");
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        Appliance a = new Appliance(config, ResolvedPaths.resolve(config, env), f -> {
            ModelCatalog catalog = ModelCatalog.standard(f.paths().models());
            EngineComponent engine = new EngineComponent(f.registry(), f.config().model(), model, catalog,
                    EngineComponent.audioSettings(f.config().audio(), null, f.paths().state()), new PromptResolver(), new NoteBus(),
                    InputTap.NONE, configured -> true, new LoadedStyleModel(), f.paths().state());
            settings = new BoxSettings(f.store());
            setup = new BoxSetup(f.config(), settings, f.scenes(), catalog, BoxSwitching.of(engine));
            return List.of(engine, new StatusPublisher(board, engine::report, () -> InputStatus.OFF, new StatusNotes()));
        }, Clock.systemUTC());
        a.start();
        return a;
    }

    /** An installed MRT2 whose checkpoint is torn: listed (its manifest is fine), but it cannot be loaded. */
    private void installBroken(String name) throws Exception {
        Path dir = root.resolve("state/models").resolve(name);
        Mrt2Models.writeTiny(dir, 7);
        ModelManifest m = Mrt2Models.describeInstall(dir, Mrt2Models.TINY_NAME);
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), new ModelManifest(m.kind(), name, m.components(), m.files()).toJson());
        Files.write(dir.resolve("checkpoints/" + Mrt2Models.TINY_NAME + ".safetensors"), "torn by a bad SD card".getBytes());
    }

    private ModelEntry entry(String name) {
        return setup.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " not listed: " + setup.models()));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }

    /** Over the next seconds the box plays and its output is not silence (peaks read from the engine's meters). */
    private void assertAudible(String when) throws InterruptedException {
        double loudest = -200;
        StatusReport r = board.current();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < end) {
            Thread.sleep(100);
            r = board.current();
            loudest = Math.max(loudest, Math.max(r.peakDb()[0], r.peakDb()[1]));
        }
        assertTrue(r.playing() && r.realTimeFactor() > 0, when + ": " + r);
        assertTrue(loudest > -90, when + ": audible, not silence: loudest peak " + loudest + " dB");
    }

    @Test
    void aChosenModelIsLoadedBesideThePlayingOneAndTakesOver() throws Exception {
        Appliance a = start("tiny-v1");
        try {
            assertTrue(entry("tiny-v1").playing() && entry("tiny-v1").chosen(), setup.models().toString());
            assertAudible("start");
            setup.selectModel("tiny-mrt2");
            ModelEntry during = entry("tiny-mrt2");
            assertTrue(during.loading() || during.playing(), "loading, or already playing: " + during);
            assertEquals(1, setup.models().stream().filter(ModelEntry::playing).count(), "one model plays at any time: " + setup.models());
            await(() -> !entry("tiny-mrt2").loading(), "the load ends");
            ModelEntry now = entry("tiny-mrt2");
            assertTrue(now.playing() && now.chosen() && now.failure().isEmpty(), now.toString());
            assertFalse(entry("tiny-v1").playing() || entry("tiny-v1").chosen(), entry("tiny-v1").toString());
            assertEquals("tiny-mrt2", settings.current().model(), "saved for the next start once it played");
            assertAudible("the switch");
            assertTrue(board.current().health().startsWith("ok") || board.current().health().contains("real time"), board.current().health());
        } finally {
            a.stop();
        }
    }

    @Test
    void aModelThatFailsToLoadLeavesTheOldOnePlayingAudiblyAndSaysWhy() throws Exception {
        installBroken("torn-mrt2");
        Appliance a = start("tiny-v1");
        try {
            assertAudible("start");
            setup.selectModel("torn-mrt2");
            assertThrows(IllegalArgumentException.class, () -> setup.selectModel("tiny-mrt2"), "one switch at a time");
            await(() -> !entry("torn-mrt2").loading(), "the load ends");
            ModelEntry torn = entry("torn-mrt2");
            assertFalse(torn.playing() || torn.chosen(), torn.toString());
            assertFalse(torn.failure().isEmpty(), "the reason is given: " + torn);
            assertTrue(entry("tiny-v1").playing() && entry("tiny-v1").chosen(), setup.models().toString());
            assertEquals(null, settings.current().model(), "a model that did not play is not saved for the next start");
            assertAudible("the failed switch");
        } finally {
            a.stop();
        }
    }

    @Test
    void aModelThatDidNotLoadIsNeverCalledPlaying() throws Exception {
        Appliance a = start("no-such-model");
        try {
            assertTrue(setup.models().stream().noneMatch(ModelEntry::playing), setup.models().toString());
        } finally {
            a.stop();
        }
    }
}
