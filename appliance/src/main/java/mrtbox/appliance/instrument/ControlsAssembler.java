package mrtbox.appliance.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.engine.Glide;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;

/**
 * The engine's controls supplier: once per model step (on the generation thread) it reads one registry
 * snapshot, glides the prompt weights toward their set values, asks the style blender for the style and builds
 * the immutable {@link StepControls}. When nothing changed and no glide is moving it returns the previous value,
 * so a steady instrument does no blending work per step.
 */
public final class ControlsAssembler implements Supplier<StepControls> {
    private final ParameterRegistry registry;
    private final StyleBlender blender;
    private final PromptResolver prompts;
    private final double secondsPerStep;
    private final ParamHandle[] weightHandles = new ParamHandle[StandardParams.PROMPT_SLOTS];
    private final ParamHandle[] textHandles = new ParamHandle[StandardParams.PROMPT_SLOTS];
    private final ParamHandle[] muteHandles = new ParamHandle[StandardParams.PROMPT_SLOTS];
    private final ParamHandle temperature;
    private final ParamHandle topK;
    private final ParamHandle guidance;
    private final Glide weights;
    private final List<ParamHandle> extras;
    private final Supplier<NoteFrame> notes;
    private final float[] setWeights = new float[StandardParams.PROMPT_SLOTS];
    private long lastVersion = -1;
    private long lastStyleVersion = -1;
    private long lastPromptsVersion = -1;
    private StepControls last;

    /**
     * @param registry       with {@link StandardParams} registered
     * @param blender        the style mixer, or {@link StyleBlender#UNCONDITIONED}
     * @param glideSeconds   how long prompt weight changes take (0 = jump at the next step)
     * @param secondsPerStep the model's step length: the glide advances by this much per call
     */
    public ControlsAssembler(ParameterRegistry registry, StyleBlender blender, double glideSeconds, double secondsPerStep) {
        this(registry, blender, new PromptResolver(), glideSeconds, secondsPerStep, ModelInputs.NONE);
    }

    /**
     * @param inputs the model's own parameters (passed as extras by id) and, for note-conditioned models, the note
     *               source, read exactly once per step (a latching tracker's taps must not be lost)
     * @param prompts turns slot texts into prompts (named styles, live input, plain text)
     */
    public ControlsAssembler(ParameterRegistry registry, StyleBlender blender, PromptResolver prompts, double glideSeconds,
                             double secondsPerStep, ModelInputs inputs) {
        this.prompts = prompts;
        this.registry = registry;
        this.notes = inputs.notes();
        List<ParamHandle> extraHandles = new ArrayList<>();
        for (String id : inputs.parameterIds()) extraHandles.add(registry.require(id));
        this.extras = List.copyOf(extraHandles);
        this.blender = blender;
        this.secondsPerStep = secondsPerStep;
        for (int slot = 1; slot <= StandardParams.PROMPT_SLOTS; slot++) {
            weightHandles[slot - 1] = registry.require(StandardParams.promptWeight(slot));
            textHandles[slot - 1] = registry.require(StandardParams.promptText(slot));
            muteHandles[slot - 1] = registry.require(StandardParams.promptMute(slot));
        }
        temperature = registry.require(StandardParams.TEMPERATURE);
        topK = registry.require(StandardParams.TOP_K);
        guidance = registry.require(StandardParams.GUIDANCE);
        ParamSnapshot s = registry.snapshot();
        float[] initial = new float[StandardParams.PROMPT_SLOTS];
        for (int i = 0; i < initial.length; i++) initial[i] = heard(s, i);
        weights = new Glide(initial, glideSeconds);
    }

    @Override
    public StepControls get() {
        ParamSnapshot s = registry.snapshot();
        if (s.version() != lastVersion) {
            for (int i = 0; i < setWeights.length; i++) setWeights[i] = heard(s, i);
            weights.setTarget(setWeights);
        }
        boolean gliding = weights.moving();
        float[] w = weights.advance(secondsPerStep);
        long styleVersion = blender.version();
        long promptsVersion = prompts.version();
        NoteFrame noteFrame = notes == null ? null : notes.get();
        boolean sameNotes = notes == null || (last != null && noteFrame.equals(last.notes()));
        if (last != null && s.version() == lastVersion && !gliding && styleVersion == lastStyleVersion
                && promptsVersion == lastPromptsVersion && sameNotes) return last;
        List<String> texts = new ArrayList<>(textHandles.length);
        for (ParamHandle h : textHandles) texts.add(s.text(h));
        StyleBlender.StyleCondition style = blender.blend(prompts.resolve(texts), Arrays.copyOf(w, w.length), prompts.offset(s));
        last = new StepControls(style == null ? null : style.tokens(), style == null ? null : style.embedding(),
                (float) s.number(temperature), s.integer(topK), (float) s.number(guidance), noteFrame, extrasOf(s));
        lastVersion = s.version();
        lastStyleVersion = styleVersion;
        lastPromptsVersion = promptsVersion;
        return last;
    }

    /** A slot's weight as the blend hears it: a muted slot glides to 0 and keeps its set weight for the unmute. */
    private float heard(ParamSnapshot s, int slot) {
        return s.bool(muteHandles[slot]) ? 0f : (float) s.number(weightHandles[slot]);
    }

    private Map<String, Double> extrasOf(ParamSnapshot s) {
        if (extras.isEmpty()) return Map.of();
        Map<String, Double> out = new java.util.HashMap<>();
        for (ParamHandle h : extras) out.put(h.id(), s.number(h));
        return out;
    }

    /** The prompt weights of the last step, after gliding (a copy, for status and tests). */
    public float[] currentWeights() {
        return weights.current().clone();
    }
}
