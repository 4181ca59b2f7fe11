package mrtbox.control.surface;

import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.param.StandardParams;

/**
 * Drives the prompt weights from the {@link PromptSurface} while {@code surface.enabled} is on: whenever the
 * position, a prompt's place, or which prompts have text changes, it writes {@code prompt.N.weight} through the
 * registry (source INTERNAL), so glide, MIDI feedback, OSC echoes and scenes treat it like any other weight change.
 * Prompts with empty text are not on the surface (weight 0), as the app only places prompts that exist.
 */
public final class SurfaceDriver implements RegistryListener {
    private final ParameterRegistry registry;
    private final ParamHandle enabled;
    private final ParamHandle x;
    private final ParamHandle y;
    private final ParamHandle[] px = new ParamHandle[StandardParams.PROMPT_SLOTS];
    private final ParamHandle[] py = new ParamHandle[StandardParams.PROMPT_SLOTS];
    private final ParamHandle[] text = new ParamHandle[StandardParams.PROMPT_SLOTS];
    private final ParamHandle[] weight = new ParamHandle[StandardParams.PROMPT_SLOTS];

    /** @param registry with {@link StandardParams} and {@link SurfaceParams} registered */
    public SurfaceDriver(ParameterRegistry registry) {
        this.registry = registry;
        enabled = registry.require(SurfaceParams.ENABLED);
        x = registry.require(SurfaceParams.X);
        y = registry.require(SurfaceParams.Y);
        for (int slot = 1; slot <= px.length; slot++) {
            px[slot - 1] = registry.require(SurfaceParams.promptX(slot));
            py[slot - 1] = registry.require(SurfaceParams.promptY(slot));
            text[slot - 1] = registry.require(StandardParams.promptText(slot));
            weight[slot - 1] = registry.require(StandardParams.promptWeight(slot));
        }
    }

    @Override
    public void onChange(ParamChange change) {
        String id = change.id();
        boolean relevant = id.startsWith("surface.") || (id.startsWith("prompt.") && id.endsWith(".text"));
        if (relevant) apply(change.snapshot());
    }

    /** Writes the weights for this snapshot's surface (nothing while the surface is off). */
    public void apply(ParamSnapshot s) {
        if (!s.bool(enabled)) return;
        double[] w = weights(s);
        // One change for all six: a model step (a snapshot) never sees half a move.
        java.util.Map<ParamHandle, Object> move = new java.util.LinkedHashMap<>();
        for (int i = 0; i < w.length; i++) move.put(weight[i], w[i]);
        registry.setAll(move, ChangeSource.INTERNAL);
    }

    /** The six weights the surface gives in this snapshot (0 for prompts without text). */
    public double[] weights(ParamSnapshot s) {
        int n = 0;
        int[] slots = new int[px.length];
        for (int i = 0; i < px.length; i++) if (!s.text(text[i]).isBlank()) slots[n++] = i;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int j = 0; j < n; j++) {
            xs[j] = s.number(px[slots[j]]);
            ys[j] = s.number(py[slots[j]]);
        }
        double[] onSurface = PromptSurface.weights(s.number(x), s.number(y), xs, ys);
        double[] out = new double[px.length];
        for (int j = 0; j < n; j++) out[slots[j]] = onSurface[j];
        return out;
    }
}
