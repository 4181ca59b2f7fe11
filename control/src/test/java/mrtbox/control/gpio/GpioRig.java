package mrtbox.control.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;

/**
 * Everything a GPIO test needs: Pi4J's mock platform (MockDigitalInput state changes drive the service's listeners),
 * a registry with the standard parameters, scenes, recording note input / learn control / command runner, and a
 * manual clock. Buttons are wired active-low (pressed = LOW), as with the default pull-up.
 */
final class GpioRig implements AutoCloseable {
    final Context pi4j = Pi4J.newContextBuilder()
            .add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
            .build();
    final ParameterRegistry registry = new ParameterRegistry();
    final SceneBook scenes = new SceneBook(registry);
    final StatusBoard status = new StatusBoard();
    final ManualScheduler clock = new ManualScheduler();
    /** Everything that happened that the safe shutdown and panic tests care about, in order. */
    final List<String> events = new CopyOnWriteArrayList<>();
    final RecordingLearn learn = new RecordingLearn();
    final List<CommandRunner.Result> commandResults = new ArrayList<>();
    GpioService service;

    GpioRig() {
        registry.registerAll(StandardParams.all());
    }

    final NoteInput notes = new NoteInput() {
        @Override public void noteOn(int note, int velocity, ChangeSource source) { events.add("noteOn " + note); }
        @Override public void noteOff(int note, ChangeSource source) { events.add("noteOff " + note); }
        @Override public void allNotesOff(ChangeSource source) { events.add("allNotesOff from " + source); }
    };

    final CommandRunner commands = (command, timeout) -> {
        events.add("command " + String.join(" ", command) + " within " + timeout.toMillis() + " ms");
        return commandResults.isEmpty() ? new CommandRunner.Result(0, "") : commandResults.remove(0);
    };

    GpioService start(GpioSettings settings) {
        service = GpioService.builder(settings, registry)
                .scenes(scenes).notes(notes).learn(learn).status(status)
                .stateFlusher(() -> events.add("flush state (muted=" + registry.snapshot().value(StandardParams.MUTE) + ")"))
                .commandRunner(commands)
                .hardware(GpioHardware.pi4j(() -> pi4j, "Pi4J mock platform"))
                .scheduler(() -> clock)
                .blockingWork(Runnable::run)
                .build();
        service.start();
        return service;
    }

    MockDigitalInput input(int bcm) {
        return pi4j.registry().get(Pi4jPins.pinId(bcm));
    }

    MockDigitalOutput output(int bcm) {
        return pi4j.registry().get(Pi4jPins.pinId(bcm));
    }

    boolean lit(int bcm) {
        return output(bcm).state() == DigitalState.HIGH;
    }

    void level(int bcm, boolean high) {
        input(bcm).mockState(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    /** Mock inputs start LOW, which reads as "held" for an active-low button: let go of them all and settle. */
    void releaseAll(int... bcms) {
        for (int b : bcms) level(b, true);
        clock.advanceMs(100);
    }

    void down(int bcm) { level(bcm, false); }
    void up(int bcm) { level(bcm, true); }

    /** A clean press of {@code holdMs}, then {@code 100 ms} of quiet. */
    void tap(int bcm, double holdMs) {
        down(bcm);
        clock.advanceMs(holdMs);
        up(bcm);
        clock.advanceMs(100);
    }

    long triggers(String id) {
        return registry.snapshot().triggerCount(registry.require(id));
    }

    Object value(String id) {
        return registry.snapshot().value(id);
    }

    @Override
    public void close() {
        if (service != null) service.stop();
        pi4j.shutdown();
    }

    static final class RecordingLearn implements LearnControl {
        volatile String armed;
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override public void arm(String parameterId) { armed = parameterId; calls.add("arm " + parameterId); }
        @Override public void cancel() { calls.add("cancel " + armed); armed = null; }
        @Override public Optional<String> armed() { return Optional.ofNullable(armed); }
        @Override public int unlearn(String parameterId) { calls.add("unlearn " + parameterId); return 0; }
    }
}
