package mrtbox.inference.mrtv1;

/**
 * One MRT v1 state: the 10 s context tokens ([250][16] codes, -1 where empty; {@code ownContext} the model's own
 * tokens, never injected), the 1,920 x 2 crossfade tail, and the stream seed and chunk counter that key the next
 * chunk ({@code seed + chunkIndex}). What the output guard rolls back to and what a scene with music stores.
 * Treat as immutable: {@link MrtV1ChunkModel} copies in and out.
 */
public record MrtV1State(int[][] context, int[][] ownContext, float[] tail, long seed, long chunkIndex) {}
