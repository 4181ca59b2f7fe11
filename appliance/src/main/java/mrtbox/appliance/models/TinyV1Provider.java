package mrtbox.appliance.models;

import java.util.Optional;
import mrtbox.appliance.engine.MixerStyleBlender;
import mrtbox.appliance.engine.StyleBlender;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.style.EmbeddingCache;
import mrtbox.inference.style.StyleBlend;
import mrtbox.inference.style.StyleMixer;
import mrtbox.inference.style.StyleEmbedder;
import mrtbox.inference.style.TinyStyleEmbedder;

/**
 * tiny-v1, the built-in model: the MRT v1 chunk model at tiny widths with seeded random weights, decoded by the
 * tiny SpectroStream codec (also random). Every code path of the real model runs, no download is needed, and it
 * makes noise (the status says so). Its style model is tiny too (random word vectors, random RVQ codebooks): prompts
 * change the style tokens through the real mixer path, but carry no musical meaning.
 */
public final class TinyV1Provider implements ModelProvider {
    static final long SEED = 1;
    /** Width of the tiny style embeddings (the real MusicCoCa's are 768). */
    static final int STYLE_DIM = 64;

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
        ResidualQuantizer rvq = ResidualQuantizer.random(12, 1024, STYLE_DIM, SEED);
        // MRT v1 blends to the zero vector when every weight is 0 (its reference fallback).
        return new MixerStyleBlender(new StyleMixer(styleEmbedder(), rvq, 12, StyleBlend.ZeroWeights.ZERO_VECTOR,
                EmbeddingCache.inMemory(), null));
    }

    @Override
    public Optional<StyleEmbedder> openStyleEmbedder() {
        return Optional.of(styleEmbedder());
    }

    @Override
    public Optional<String> styleModelId() {
        return Optional.of(styleEmbedder().modelId());
    }

    private static TinyStyleEmbedder styleEmbedder() {
        return new TinyStyleEmbedder(SEED, STYLE_DIM, 16000, 160000);
    }
}
