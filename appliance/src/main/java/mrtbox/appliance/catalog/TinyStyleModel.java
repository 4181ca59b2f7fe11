package mrtbox.appliance.catalog;

import mrtbox.appliance.instrument.MixerStyleBlender;
import mrtbox.appliance.instrument.StyleBlender;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.style.EmbeddingCache;
import mrtbox.inference.style.StyleBlend;
import mrtbox.inference.style.StyleMixer;
import mrtbox.inference.style.TinyStyleEmbedder;

/**
 * The style model of the built-in tiny models: random word vectors and random RVQ codebooks (seed 1, 64-d), so
 * prompts change the style tokens through the real mixer path without musical meaning. One definition, so a
 * personal style built for one tiny model is valid for the other.
 */
final class TinyStyleModel {
    static final long SEED = 1;
    /** Width of the tiny style embeddings (the real MusicCoCa's are 768). */
    static final int DIM = 64;

    private TinyStyleModel() {}

    static TinyStyleEmbedder embedder() {
        return new TinyStyleEmbedder(SEED, DIM, 16000, 160000);
    }

    /** @param allZero what the model does when every prompt weight is 0 (its reference's fallback) */
    static StyleBlender blender(StyleBlend.ZeroWeights allZero) {
        ResidualQuantizer rvq = ResidualQuantizer.random(12, 1024, DIM, SEED);
        return new MixerStyleBlender(new StyleMixer(embedder(), rvq, 12, allZero, EmbeddingCache.inMemory(), null));
    }
}
