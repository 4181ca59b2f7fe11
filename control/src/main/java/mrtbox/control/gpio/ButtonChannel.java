package mrtbox.control.gpio;

import java.util.EnumMap;
import java.util.Map;
import mrtbox.control.param.ChangeSource;

/**
 * One button: raw levels in, debounced, gestures recognised, actions performed. Runs on the control thread only.
 */
final class ButtonChannel {
    private final GpioSettings.Button settings;
    private final ControlScheduler scheduler;
    private final ControlActions actions;
    private final ChangeSource source;
    private final long debounceNanos;
    private final long longNanos;
    private final long doubleNanos;
    private final Map<PressDetector.Gesture, ButtonAction> byGesture = new EnumMap<>(PressDetector.Gesture.class);
    private Debouncer debouncer;
    private PressDetector detector;
    private ControlScheduler.Timer timer;
    private long timerAt = Debouncer.NONE;

    ButtonChannel(GpioSettings.Button settings, GpioSettings all, ControlScheduler scheduler, ControlActions actions) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.actions = actions;
        this.source = ChangeSource.of(ChangeSource.Kind.GPIO, settings.name());
        if (settings.press() != null) byGesture.put(PressDetector.Gesture.PRESS, ButtonAction.parse(settings.press()));
        if (settings.doublePress() != null) byGesture.put(PressDetector.Gesture.DOUBLE_PRESS, ButtonAction.parse(settings.doublePress()));
        if (settings.longPress() != null) byGesture.put(PressDetector.Gesture.LONG_PRESS, ButtonAction.parse(settings.longPress()));
        this.debounceNanos = all.debounceMs() * 1_000_000L;
        this.longNanos = settings.longPress() == null ? 0 : all.longPressMsFor(settings) * 1_000_000L;
        this.doubleNanos = settings.doublePress() == null ? 0 : all.doublePressMs() * 1_000_000L;
    }

    GpioPins.Pull pull() {
        return switch (settings.pull()) {
            case "down" -> GpioPins.Pull.DOWN;
            case "off" -> GpioPins.Pull.OFF;
            default -> GpioPins.Pull.UP;
        };
    }

    /** Starts watching from the level read when the pin was opened. */
    void start(boolean high) {
        boolean pressed = pressed(high);
        debouncer = new Debouncer(debounceNanos, pressed);
        detector = new PressDetector(longNanos, doubleNanos, pressed);
    }

    void onLevel(boolean high, long at) {
        if (debouncer == null) return; // an edge from before start(): start() reads the level after it
        debouncer.onRaw(pressed(high), at);
        process(scheduler.nowNanos());
    }

    void stop() {
        if (timer != null) timer.cancel();
        timer = null;
    }

    private boolean pressed(boolean high) {
        return high != settings.activeLow();
    }

    private void process(long now) {
        if (debouncer.poll(now)) {
            long t = debouncer.settledChangeAt();
            fire(debouncer.stable() ? detector.onPress(t) : detector.onRelease(t));
        }
        fire(detector.poll(now));
        rearm(Math.min(debouncer.deadline(), detector.deadline()));
    }

    private void fire(PressDetector.Gesture g) {
        if (g == null) return;
        ButtonAction a = byGesture.get(g);
        if (a != null) actions.perform(a, source);
    }

    private void rearm(long at) {
        if (at == timerAt) return;
        if (timer != null) timer.cancel();
        timerAt = at;
        timer = at == Debouncer.NONE ? null : scheduler.schedule(() -> {
            timerAt = Debouncer.NONE;
            timer = null;
            process(scheduler.nowNanos());
        }, at);
    }
}
