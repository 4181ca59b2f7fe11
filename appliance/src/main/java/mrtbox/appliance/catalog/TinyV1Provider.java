package mrtbox.appliance.catalog;

import java.util.Optional;
import mrtbox.appliance.instrument.StyleBlender;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.style.StyleBlend;
import mrtbox.inference.style.StyleEmbedder;

/**
 * tiny-v1, the built-in model: the MRT v1 chunk model at tiny widths with seeded random weights, decoded by the
 * tiny SpectroStream codec (also random). Every code path of the real model runs, no download is needed, and it
 * makes noise (the status says so). Its style model is tiny too (random word vectors, random RVQ codebooks): prompts
 * change the style tokens through the real mixer path, but carry no musical meaning.
 */
public final class TinyV1Provider implements ModelProvider {
    static final long SEED = 1;

    @Override
    public String name() {
        return MrtV1Models.TINY_NAME;
    }

    @Override
    public String description() {
        return "built in: MRT v1 at tiny size with random weights (makes noise; no download needed)";
    }

    @Override
    public StreamingModel open() throws Exception {
        return MrtV1Models.tiny(SEED);
    }

    /** The tiny encoder: random weights, the tiny codec's codebooks (injection runs every code path, musically meaningless). */
    @Override
    public SpectroStreamEncoder openEncoder() {
        return SpectroStreamEncoder.tiny(SEED);
    }

    @Override
    public StyleBlender openStyle() {
        // MRT v1 blends to the zero vector when every weight is 0 (its reference fallback).
        return TinyStyleModel.blender(StyleBlend.ZeroWeights.ZERO_VECTOR);
    }

    @Override
    public Optional<StyleEmbedder> openStyleEmbedder() {
        return Optional.of(TinyStyleModel.embedder());
    }

    @Override
    public Optional<String> styleModelId() {
        return Optional.of(TinyStyleModel.embedder().modelId());
    }
}
