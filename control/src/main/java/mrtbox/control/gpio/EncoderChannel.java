package mrtbox.control.gpio;

import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;

/** One rotary encoder moving one parameter. Runs on the control thread only. */
final class EncoderChannel {
    /** Detents further apart than this move exactly one step. */
    static final long SLOW_NANOS = 100_000_000L;
    static final double MAX_MULTIPLIER = 10;

    private final GpioSettings.Encoder settings;
    private final ParamHandle target;
    private final ControlActions actions;
    private final ChangeSource source;
    private final double step;
    private final EncoderAcceleration acceleration;
    private QuadratureDecoder decoder;
    private boolean a;
    private boolean b;

    EncoderChannel(GpioSettings.Encoder settings, ParamHandle target, ControlActions actions) {
        this.settings = settings;
        this.target = target;
        this.actions = actions;
        this.source = ChangeSource.of(ChangeSource.Kind.GPIO, settings.name());
        this.step = settings.stepFor(target);
        this.acceleration = new EncoderAcceleration(settings.acceleration(), SLOW_NANOS, MAX_MULTIPLIER);
    }

    void start(boolean aHigh, boolean bHigh) {
        a = aHigh;
        b = bHigh;
        decoder = new QuadratureDecoder(settings.stepsPerDetent(), QuadratureDecoder.state(a, b));
    }

    void onA(boolean high, long at) {
        if (high == a) return;
        a = high;
        decode(at);
    }

    void onB(boolean high, long at) {
        if (high == b) return;
        b = high;
        decode(at);
    }

    private void decode(long at) {
        if (decoder == null) return; // an edge from before start(): start() reads the levels after it
        int detent = decoder.onState(QuadratureDecoder.state(a, b));
        if (detent == 0) return;
        int direction = settings.reverse() ? -detent : detent;
        actions.nudge(target, direction * step * acceleration.multiplier(direction, at), source);
    }
}
