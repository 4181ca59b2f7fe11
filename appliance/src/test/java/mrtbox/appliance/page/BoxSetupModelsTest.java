package mrtbox.appliance.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.instrument.EngineComponent;
import mrtbox.appliance.instrument.LoadedStyleModel;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.control.notes.NoteBus;
import mrtbox.inference.engine.InputTap;
import mrtbox.web.SetupAccess.ModelEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup view's model list says what the engine plays apart from what is chosen for the next start: choosing a
 * model never calls it playing, and a model that could not be loaded is never called playing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BoxSetupModelsTest {
    @TempDir Path root;

    private BoxSetup setup;

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
            setup = new BoxSetup(f.config(), new BoxSettings(f.store()), f.scenes(), catalog, engine::playingModel);
            return List.of(engine);
        }, Clock.systemUTC());
        a.start();
        return a;
    }

    private ModelEntry entry(String name) {
        return setup.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " not listed"));
    }

    @Test
    void aChosenModelIsChosenWhileTheOldOnePlaysOn() throws Exception {
        Appliance a = start("tiny-v1");
        try {
            assertTrue(entry("tiny-v1").playing() && entry("tiny-v1").chosen(), setup.models().toString());
            setup.selectModel("tiny-mrt2");
            assertTrue(entry("tiny-v1").playing() && !entry("tiny-v1").chosen(), "still the one playing, no longer chosen: " + setup.models());
            assertTrue(entry("tiny-mrt2").chosen() && !entry("tiny-mrt2").playing(), "chosen, not playing before a restart: " + setup.models());
            assertEquals(1, setup.models().stream().filter(ModelEntry::playing).count());
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
