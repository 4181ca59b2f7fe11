package mrtbox.appliance.models;

import java.util.List;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.inference.mrt2.Mrt2FrameModel;

/**
 * The parameters of MRT2's note conditioning, with the reference's defaults (spec mrt2.md section 3): registered
 * when an MRT2 model is chosen, so they appear on OSC, OSCQuery, MIDI learn and the page like every other.
 */
final class Mrt2Parameters {
    private Mrt2Parameters() {}

    static List<ParamSpec> all() {
        return List.of(
                ParamSpec.builder(Mrt2FrameModel.CFG_NOTES, ParamType.FLOAT).range(0, 10).defaultValue(1.0)
                        .description("Guidance for the played notes: how strongly the music follows them").build(),
                ParamSpec.builder(Mrt2FrameModel.CFG_DRUMS, ParamType.FLOAT).range(0, 10).defaultValue(1.0)
                        .description("Guidance for the drums switch").build(),
                ParamSpec.builder(Mrt2FrameModel.ONSET_MODE, ParamType.ENUM).choices(List.of("mask", "unmask")).defaultValue(0)
                        .description("How note onsets condition the model: mask (held notes only) or unmask (onsets too)").build(),
                ParamSpec.builder(Mrt2FrameModel.UNMASK_WIDTH, ParamType.INT).range(0, 127).defaultValue(0)
                        .description("0 accompanies the played notes, 127 plays them solo").build(),
                ParamSpec.builder(Mrt2FrameModel.DRUMLESS, ParamType.BOOL).defaultValue(false)
                        .description("Ask for music without drums").build());
    }
}
