package mrtbox.appliance.instrument;

import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.engine.Engine;
import mrtbox.inference.engine.OfflineRenderer;

/**
 * Carries the output and transport parameters from the registry to the engine: {@code output.volume},
 * {@code output.mute}, and the {@code transport.play/stop/reset} triggers (reset uses {@code sampling.seed}).
 * Everything else reaches the engine through the {@link ControlsAssembler}, pulled once per step.
 *
 * <p>Why these few are pushed on change instead of pulled per step (docs/architecture.md, "The registry's two
 * roads to the engine"): volume and mute act on the audio thread, which must answer a knob within its smoothing
 * time while a step can be 2 s (MRT v1) and is generated ahead of playback; the audio thread cannot read a registry
 * snapshot ({@code inference} knows nothing of {@code control}), so it owns the atomic target that this bridge sets.
 * The transport triggers are events, not state, and play must act while the engine is stopped, when no step runs to
 * pull anything.
 */
public final class EngineBridge implements RegistryListener {

    /** What the bridge drives: the live engine or an offline render. */
    public interface Target {
        void volumeDb(double db);

        void muted(boolean muted);

        void play();

        void stop();

        void reset(long seed);
    }

    private final ParameterRegistry registry;
    private final Target target;
    private final ParamHandle seed;

    private EngineBridge(ParameterRegistry registry, Target target) {
        this.registry = registry;
        this.target = target;
        this.seed = registry.require(StandardParams.SEED);
    }

    /** Applies the current volume and mute, then follows changes until {@link #detach()}. */
    public static EngineBridge attach(ParameterRegistry registry, Target target) {
        EngineBridge b = new EngineBridge(registry, target);
        ParamSnapshot s = registry.snapshot();
        target.volumeDb(s.number(registry.require(StandardParams.VOLUME_DB)));
        target.muted(s.bool(registry.require(StandardParams.MUTE)));
        registry.addListener(b);
        return b;
    }

    public void detach() {
        registry.removeListener(this);
    }

    @Override
    public void onChange(ParamChange change) {
        ParamSnapshot s = change.snapshot();
        switch (change.id()) {
            case StandardParams.VOLUME_DB -> target.volumeDb(((Number) change.newValue()).doubleValue());
            case StandardParams.MUTE -> target.muted(Boolean.TRUE.equals(change.newValue()));
            case StandardParams.PLAY -> target.play();
            case StandardParams.STOP -> target.stop();
            case StandardParams.RESET -> target.reset(s.integer(seed));
            default -> { }
        }
    }

    public static Target of(Engine engine) {
        return new Target() {
            @Override public void volumeDb(double db) { engine.setVolumeDb(db); }
            @Override public void muted(boolean muted) { engine.setMuted(muted); }
            @Override public void play() { engine.play(); }
            @Override public void stop() { engine.stop(); }
            @Override public void reset(long seed) { engine.setSeed(seed); engine.reset(seed); }
        };
    }

    /** For renders: play and stop have no meaning in a file, so a script using them is refused up front. */
    public static Target of(OfflineRenderer renderer) {
        return new Target() {
            @Override public void volumeDb(double db) { renderer.setVolumeDb(db); }
            @Override public void muted(boolean muted) { renderer.setMuted(muted); }
            @Override public void play() { throw new IllegalStateException("transport.play has no meaning in a render"); }
            @Override public void stop() { throw new IllegalStateException("transport.stop has no meaning in a render"); }
            @Override public void reset(long seed) { renderer.reset(seed); }
        };
    }
}
