package mrtbox.appliance.models;

import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrtv1.MrtV1Models;

/**
 * tiny-v1, the built-in model: the MRT v1 chunk model at tiny widths with seeded random weights, decoded by the
 * tiny SpectroStream codec (also random). Every code path of the real model runs, no download is needed, and it
 * makes noise (the status says so).
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
}
