package mrtbox.appliance.catalog;

import java.util.List;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.mrt2.Mrt2FrameModel;

/**
 * The parameters of MRT2's note conditioning, with the reference's defaults (spec mrt2.md section 3): registered
 * when an MRT2 model is chosen, so they appear on OSC, OSCQuery, MIDI learn and the page like every other.
 */
public final class Mrt2Parameters {
    public static final String SEED_ROTATION = "mrt2.seed_rotation";
    public static final String PREFILL_FILE = "mrt2.prefill_file";
    public static final String PREFILL = "mrt2.prefill";
    public static final String PREFILL_SILENCE = "mrt2.prefill_silence";
    public static final String RESET_FACTORY = "mrt2.reset_factory";
    public static final String STATE_NAME = "mrt2.state_name";
    public static final String STATE_SAVE = "mrt2.state_save";
    public static final String STATE_LOAD = "mrt2.state_load";
    public static final String STATE_STATUS = "mrt2.state_status";
    private static final String GROUP = "MRT2";

    /**
     * Style guidance as MRT2's reference sets it: 3.0 in the engine and the Python system (the React/ObjC apps start
     * at 1.6), knobs 0..5 in the UI (Settings.tsx); above ~3.5 long runs can run away and the CFG token saturates at
     * 7 (spec mrt2.md sections 3.1-3.2).
     */
    public static final StandardParams.Guidance STYLE_GUIDANCE = new StandardParams.Guidance(3.0, 5.0);

    private Mrt2Parameters() {}

    /** The step parameters (reaching the model as extras) and the state lifecycle's ({@link #lifecycle}). */
    static List<ParamSpec> all() {
        List<ParamSpec> out = new java.util.ArrayList<>(step());
        out.addAll(lifecycle());
        return List.copyOf(out);
    }

    /**
     * The state lifecycle (spec section 2.6 and 2.7), driven by {@code mrtbox.appliance.instrument.Mrt2Lifecycle}:
     * prefill from an audio file or from silence, back to the factory state, save and load the state, the seed
     * rotation that acts at the next reset, and a status line that says how the last of these went.
     */
    static List<ParamSpec> lifecycle() {
        return List.of(
                ParamSpec.builder(SEED_ROTATION, ParamType.INT).range(0, 1000).defaultValue(0)
                        .description("Applied at the next reset: 0 replays the prefilled or loaded state's own take, other values play other takes (seed + rotation)")
                        .label("Seed rotation").group(GROUP).build(),
                ParamSpec.builder(PREFILL_FILE, ParamType.TEXT).defaultText("").maxLength(512)
                        .description("Audio to prefill from: a path, or a file name in the state directory's prefill/ or prompts/ folder")
                        .label("Prefill file").group(GROUP).build(),
                ParamSpec.builder(PREFILL, ParamType.TRIGGER)
                        .description("Prefill the model's context from the prefill file (up to 28 s; 1 s trimmed each end); becomes the reset target")
                        .label("Prefill").group(GROUP).build(),
                ParamSpec.builder(PREFILL_SILENCE, ParamType.TRIGGER)
                        .description("Prefill the model's context with 22 s of silence; becomes the reset target")
                        .label("Prefill silence").group(GROUP).build(),
                ParamSpec.builder(RESET_FACTORY, ParamType.TRIGGER)
                        .description("Forget the prefilled or loaded state and reset to the model's empty context")
                        .label("Factory reset").group(GROUP).build(),
                ParamSpec.builder(STATE_NAME, ParamType.TEXT).defaultText("bank-1").maxLength(64)
                        .description("Name of the saved state (letters, digits, . _ -) in the state directory's mrt2-states/ folder")
                        .label("State name").group(GROUP).build(),
                ParamSpec.builder(STATE_SAVE, ParamType.TRIGGER).description("Save the model's live state under the state name")
                        .label("Save state").group(GROUP).build(),
                ParamSpec.builder(STATE_LOAD, ParamType.TRIGGER)
                        .description("Load the state saved under the state name as the reset target, and reset to it")
                        .label("Load state").group(GROUP).build(),
                ParamSpec.builder(STATE_STATUS, ParamType.TEXT).defaultText("").maxLength(400).transientValue()
                        .description("How the last prefill, save or load went (read only)").label("State status").group(GROUP).build());
    }

    /** The parameters the model reads every step (guidance knobs 0..5 as in the reference's UI). */
    static List<ParamSpec> step() {
        return List.of(
                ParamSpec.builder(Mrt2FrameModel.CFG_NOTES, ParamType.FLOAT).range(0, 5).defaultValue(1.0).clampOutOfRange()
                        .description("Guidance for the played notes: how strongly the music follows them")
                        .label("Note guidance").group(GROUP).build(),
                ParamSpec.builder(Mrt2FrameModel.CFG_DRUMS, ParamType.FLOAT).range(0, 5).defaultValue(1.0).clampOutOfRange()
                        .description("Guidance for the drums switch").label("Drum guidance").group(GROUP).build(),
                ParamSpec.builder(Mrt2FrameModel.ONSET_MODE, ParamType.ENUM).choices(List.of("mask", "unmask")).defaultValue(0)
                        .description("How note onsets condition the model: mask (held notes only) or unmask (onsets too)")
                        .label("Onset mode").group(GROUP).build(),
                ParamSpec.builder(Mrt2FrameModel.UNMASK_WIDTH, ParamType.INT).range(0, 127).defaultValue(0)
                        .description("0 accompanies the played notes, 127 plays them solo").label("Solo width").group(GROUP).build(),
                ParamSpec.builder(Mrt2FrameModel.DRUMLESS, ParamType.BOOL).defaultValue(false)
                        .description("Ask for music without drums").label("No drums").group(GROUP).build());
    }
}
