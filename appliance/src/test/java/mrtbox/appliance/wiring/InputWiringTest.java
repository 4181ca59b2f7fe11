package mrtbox.appliance.wiring;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.instrument.LoadedStyleModel;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.input.InputParams;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.service.ApplianceContext;
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

    private Appliance start(String inputJson) throws Exception {
        return start(inputJson, List.of(ControlHub::new, InputComponent::new, EngineComponent::new, StatusPublisher::new));
    }

    private Appliance start(String inputJson, List<mrtbox.appliance.service.ComponentFactory> components) throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"},
                 "audio": {"sink": "null", "input": %s},
                 "model": {"name": "tiny-v1"},
                 "midi": {"enabled": false}}
                """.formatted(inputJson));
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        Appliance a = new Appliance(config, ResolvedPaths.resolve(config, env), components, Clock.systemUTC());
        a.start();
        return a;
    }

    @Test
    void aMissingInputDeviceIsReportedAndTheBoxPlaysOn() throws Exception {
        Appliance a = start("{\"enabled\": true, \"device\": \"NoSuchInterface\"}");
        try {
            ApplianceContext ctx = a.context();
            for (String id : List.of(InputParams.GAIN_DB, InputParams.MONITOR, InputParams.LIVE_INTERVAL,
                    InputParams.DELAY_MS, InputParams.CALIBRATE)) {
                assertNotNull(ctx.registry().handle(id), id + " is registered (so OSC, OSCQuery, MIDI learn and the page have it)");
            }
            assertEquals(0.0, ctx.registry().snapshot().number(ctx.registry().require(InputParams.DELAY_MS)));
            assertFalse(ctx.registry().snapshot().bool(ctx.registry().require(InputParams.MONITOR)), "monitoring is off by default");
            assertNotSame(InputTap.NONE, ctx.require(InputTap.class), "input enabled: a real tap, waiting for its device");
            assertTrue(ctx.require(LoadedStyleModel.class).embedder().isPresent(), "tiny-v1's style model reaches the live slot");

            StatusBoard board = ctx.require(StatusBoard.class);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (board.current().input().error().isEmpty() && System.nanoTime() < end) Thread.sleep(50);
            InputStatus in = board.current().input();
            assertTrue(in.enabled());
            assertFalse(in.open());
            assertTrue(in.error().startsWith("no audio input matches 'NoSuchInterface'"), in.error());

            ctx.registry().set(StandardParams.promptText(1), ":live", ChangeSource.INTERNAL);
            List<String> problems = ctx.require(PromptResolver.class).problems();
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // First "being computed", then, once the worker has looked at the input, why it cannot embed it.
            while ((problems.isEmpty() || !problems.get(0).contains("no input audio yet")) && System.nanoTime() < end) {
                Thread.sleep(50);
                problems = ctx.require(PromptResolver.class).problems();
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
        Appliance a = start("{}", List.of(ControlHub::new, InputComponent::new));
        try {
            assertSame(InputTap.NONE, a.context().require(InputTap.class));
            InputStatus off = a.context().require(InputStatusSource.class).status();
            assertFalse(off.enabled());
            assertEquals(0, off.framesCaptured());
            assertEquals("", off.error());
        } finally {
            a.stop();
        }
    }
}
