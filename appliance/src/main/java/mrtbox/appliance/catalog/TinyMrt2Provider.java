package mrtbox.appliance.catalog;

import java.util.Optional;
import java.util.List;
import mrtbox.appliance.instrument.StyleBlender;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.style.StyleBlend;
import mrtbox.inference.style.StyleEmbedder;

/**
 * tiny-mrt2, the built-in frame model: MRT2's token layout and step (40 ms frames, note conditioning, true guidance)
 * at tiny size with seeded random weights and the tiny SpectroStream. It makes noise (the status says so); played
 * notes reach its conditioning exactly as they would reach the real model's.
 */
public final class TinyMrt2Provider implements ModelProvider {
    static final long SEED = 1;

    @Override
    public String name() {
        return Mrt2Models.TINY_NAME;
    }

    @Override
    public String description() {
        return "built in: MRT2 frame model at tiny size with random weights, plays from MIDI notes (makes noise)";
    }

    @Override
    public StreamingModel open() throws Exception {
        return Mrt2Models.tiny(SEED, true);
    }

    @Override
    public StyleBlender openStyle() {
        // MRT2 falls back to the first prompt at weight 1 when every weight is 0.
        return TinyStyleModel.blender(StyleBlend.ZeroWeights.FIRST_PROMPT);
    }

    /** The tiny encoder: random weights, the tiny codec's codebooks (prefill and injection run every code path, musically meaningless). */
    @Override
    public SpectroStreamEncoder openEncoder() {
        return Mrt2Models.tinyEncoder(SEED);
    }

    @Override
    public Optional<StyleEmbedder> openStyleEmbedder() {
        return Optional.of(TinyStyleModel.embedder());
    }

    @Override
    public Optional<String> styleModelId() {
        return Optional.of(TinyStyleModel.embedder().modelId());
    }

    @Override
    public StandardParams.Guidance guidance() {
        return Mrt2Parameters.STYLE_GUIDANCE;
    }

    @Override
    public List<ParamSpec> parameters() {
        return Mrt2Parameters.all();
    }

    @Override
    public boolean takesNotes() {
        return true;
    }
}
