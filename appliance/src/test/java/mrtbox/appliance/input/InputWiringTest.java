package mrtbox.appliance.input;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.audio.AudioOutputSettings;
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
import mrtbox.appliance.service.Component;
import mrtbox.appliance.service.Foundation;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.InputStatus;
import mrtbox.control.status.StatusBoard;
import mrtbox.inference.engine.InputTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input in the running box (tiny-v1 on the null sink): its parameters are registered like any other, the engine
 * hands out the loaded style model for the live slot, and an input device that is not there leaves everything else
 * playing, with the reason in the status and in the {@code :live} slot's prompt problem.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InputWiringTest {
    @TempDir Path root;

    private final StatusBoard board = new StatusBoard();
    private final PromptResolver prompts = new PromptResolver();
    private final LoadedStyleModel styleModel = new LoadedStyleModel();
    private InputComponent input;

    /** The input, the engine that takes its tap and insert, and the status publisher, wired as the box wires them. */
    private Appliance start(String inputJson) throws Exception {
        return start(inputJson, true);
    }

    private Appliance start(String inputJson, boolean withEngine) throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"},
                 "audio": {"sink": "null", "input": %s},
                 "model": {"name": "tiny-v1"},
                 "midi": {"enabled": false}}
                """.formatted(inputJson));
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        Appliance a = new Appliance(config, ResolvedPaths.resolve(config, env), f -> {
            input = new InputComponent(f.registry(), f.config().audio().input(), prompts, styleModel);
            if (!withEngine) return List.<Component>of(input);
            EngineComponent engine = engine(f);
            return List.of(input, engine, new StatusPublisher(board, engine::report, input::status, new StatusNotes()));
        }, Clock.systemUTC());
        a.start();
        return a;
    }

    private EngineComponent engine(Foundation f) {
        AudioOutputSettings audio = EngineComponent.audioSettings(f.config().audio(), null, f.paths().state())
                .withInsert(input.outputInsert());
        return new EngineComponent(f.registry(), f.config().model(), f.config().model().name(),
                ModelCatalog.standard(f.paths().models()), audio, prompts, new NoteBus(), input.tap(), configured -> configured,
                styleModel, f.paths().state());
    }

    @Test
    void aMissingInputDeviceIsReportedAndTheBoxPlaysOn() throws Exception {
        Appliance a = start("{\"enabled\": true, \"device\": \"NoSuchInterface\"}");
        try {
            Foundation ctx = a.foundation();
            for (String id : List.of(InputParams.GAIN_DB, InputParams.MONITOR, InputParams.LIVE_INTERVAL,
                    InputParams.DELAY_MS, InputParams.CALIBRATE)) {
                assertNotNull(ctx.registry().handle(id), id + " is registered (so OSC, OSCQuery, MIDI learn and the page have it)");
            }
            assertEquals(0.0, ctx.registry().snapshot().number(ctx.registry().require(InputParams.DELAY_MS)));
            assertFalse(ctx.registry().snapshot().bool(ctx.registry().require(InputParams.MONITOR)), "monitoring is off by default");
            assertNotSame(InputTap.NONE, input.tap(), "input enabled: a real tap, waiting for its device");
            assertTrue(styleModel.embedder().isPresent(), "tiny-v1's style model reaches the live slot");

            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (board.current().input().error().isEmpty() && System.nanoTime() < end) Thread.sleep(50);
            InputStatus in = board.current().input();
            assertTrue(in.enabled());
            assertFalse(in.open());
            assertTrue(in.error().startsWith("no audio input matches 'NoSuchInterface'"), in.error());

            ctx.registry().set(StandardParams.promptText(1), ":live", ChangeSource.INTERNAL);
            List<String> problems = prompts.problems();
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // First "being computed", then, once the worker has looked at the input, why it cannot embed it.
            while ((problems.isEmpty() || !problems.get(0).contains("no input audio yet")) && System.nanoTime() < end) {
                Thread.sleep(50);
                problems = prompts.problems();
            }
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("prompt 1 (\":live\"): live input: no input audio yet"), problems.get(0));

            ctx.registry().trigger(InputParams.CALIBRATE, ChangeSource.INTERNAL);
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (board.current().input().calibration().isEmpty() && System.nanoTime() < end) Thread.sleep(50);
            assertTrue(board.current().input().calibration().startsWith("failed: the audio input is not open (no audio input matches"),
                    board.current().input().calibration());

            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (board.current().realTimeFactor() == 0 && System.nanoTime() < end) Thread.sleep(100);
            assertTrue(board.current().playing() && board.current().realTimeFactor() > 0, "the engine plays on without its input: " + board.current());
        } finally {
            a.stop();
        }
    }

    @Test
    void inputOffProvidesTheEmptyTap() throws Exception {
        Appliance a = start("{}", false);
        try {
            assertSame(InputTap.NONE, input.tap());
            InputStatus off = input.status();
            assertFalse(off.enabled());
            assertEquals(0, off.framesCaptured());
            assertEquals("", off.error());
        } finally {
            a.stop();
        }
    }
}
