package mrtbox.control.param;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters every mrtbox has, whatever the model: the style prompts, sampling, output and transport.
 * Modules that add their own (MIDI note conditioning, audio input, ...) register them next to these.
 */
public final class StandardParams {
    public static final int PROMPT_SLOTS = 6;

    public static final String TEMPERATURE = "sampling.temperature";
    public static final String TOP_K = "sampling.top_k";
    public static final String GUIDANCE = "sampling.guidance";
    public static final String SEED = "sampling.seed";
    public static final String VOLUME_DB = "output.volume";
    public static final String MUTE = "output.mute";
    public static final String PLAY = "transport.play";
    public static final String STOP = "transport.stop";
    public static final String RESET = "transport.reset";

    private static final String PROMPTS = "Prompts";
    private static final String SAMPLING = "Sampling";
    private static final String OUTPUT = "Output";
    private static final String TRANSPORT = "Transport";

    private StandardParams() {}

    /**
     * The range and default of {@link #GUIDANCE}, which differ per model family (each takes its reference's): the
     * registry does not know models, so whoever chooses the model passes its guidance here.
     */
    public record Guidance(double defaultValue, double max) {
        /** The widest range, the one {@link #all()} uses (MRT v1's reference: 5.0 in 0..10). */
        public static final Guidance WIDE = new Guidance(5.0, 10.0);

        public Guidance {
            if (!(max > 0) || !(defaultValue >= 0) || defaultValue > max) {
                throw new IllegalArgumentException("guidance default " + defaultValue + " must lie in 0.." + max);
            }
        }
    }

    /** {@code prompt.<slot>.text}, slots counted from 1 as people count them. */
    public static String promptText(int slot) {
        return "prompt." + checkSlot(slot) + ".text";
    }

    public static String promptWeight(int slot) {
        return "prompt." + checkSlot(slot) + ".weight";
    }

    /** {@code prompt.<slot>.mute}: the slot is out of the blend while on, its weight kept for when it comes back. */
    public static String promptMute(int slot) {
        return "prompt." + checkSlot(slot) + ".mute";
    }

    private static int checkSlot(int slot) {
        if (slot < 1 || slot > PROMPT_SLOTS) throw new IllegalArgumentException("prompt slot " + slot + " is not 1.." + PROMPT_SLOTS);
        return slot;
    }

    /** The standard parameters with the widest guidance range ({@link Guidance#WIDE}). */
    public static List<ParamSpec> all() {
        return all(Guidance.WIDE);
    }

    /** The standard parameters, with the chosen model's guidance range and default. */
    public static List<ParamSpec> all(Guidance guidance) {
        List<ParamSpec> out = new ArrayList<>();
        for (int slot = 1; slot <= PROMPT_SLOTS; slot++) {
            out.add(ParamSpec.builder(promptText(slot), ParamType.TEXT)
                    .defaultText(slot == 1 ? "warm analog synth groove" : "")
                    .maxLength(400)
                    .description("Style prompt " + slot + ": a text description of the music")
                    .label("Prompt " + slot).group(PROMPTS)
                    .build());
            out.add(ParamSpec.builder(promptWeight(slot), ParamType.FLOAT)
                    .range(0, 1).defaultValue(slot == 1 ? 1.0 : 0.0).clampOutOfRange()
                    .description("How much of prompt " + slot + " goes into the style blend")
                    .label("Weight " + slot).group(PROMPTS)
                    .build());
            out.add(ParamSpec.builder(promptMute(slot), ParamType.BOOL)
                    .defaultValue(false)
                    .description("Take prompt " + slot + " out of the blend (glides out and back in; its weight is kept)")
                    .label("Mute " + slot).group(PROMPTS)
                    .build());
        }
        out.add(ParamSpec.builder(TEMPERATURE, ParamType.FLOAT)
                .range(0, 4).defaultValue(1.1)
                .description("Sampling temperature: higher is wilder, 0 is greedy")
                .label("Temperature").group(SAMPLING)
                .build());
        out.add(ParamSpec.builder(TOP_K, ParamType.INT)
                .range(1, 1024).defaultValue(40)
                .description("Sample only from the k most likely tokens")
                .label("Top-k").group(SAMPLING)
                .build());
        // Clamped, not refused: a scene or last state saved under a model with a wider range still recalls.
        out.add(ParamSpec.builder(GUIDANCE, ParamType.FLOAT)
                .range(0, guidance.max()).defaultValue(guidance.defaultValue()).clampOutOfRange()
                .description("Classifier-free guidance: how strongly the style prompts steer the music")
                .label("Guidance").group(SAMPLING)
                .build());
        out.add(ParamSpec.builder(SEED, ParamType.INT)
                .range(0, Integer.MAX_VALUE).defaultValue(0).requiresReset()
                .description("Random seed, used at the next reset")
                .label("Seed").group(SAMPLING)
                .build());
        out.add(ParamSpec.builder(VOLUME_DB, ParamType.FLOAT)
                .range(-60, 6).defaultValue(0).unit("dB").clampOutOfRange()
                .description("Output volume (smoothed)")
                .label("Volume").group(OUTPUT)
                .build());
        out.add(ParamSpec.builder(MUTE, ParamType.BOOL)
                .defaultValue(false)
                .description("Mute the output (fades out and in)")
                .label("Mute output").group(OUTPUT)
                .build());
        out.add(ParamSpec.builder(PLAY, ParamType.TRIGGER).description("Start playing (fades in)").label("Play").group(TRANSPORT).build());
        out.add(ParamSpec.builder(STOP, ParamType.TRIGGER).description("Stop playing (fades out)").label("Stop").group(TRANSPORT).build());
        out.add(ParamSpec.builder(RESET, ParamType.TRIGGER).description("Reset the model's context with the current seed")
                .label("Reset").group(TRANSPORT).build());
        return out;
    }
}
