package mrtbox.inference.mrt2;

import java.util.Map;

/**
 * One MRT2 model state (spec section 2.6): the LLM's (KV rings, previous frame, frame counter), the codec's stream
 * state (null = zero) and the stream seed it was captured with (null = none: a reset uses the engine's seed).
 */
public record Mrt2State(Map<String, float[]> llm, Map<String, float[]> codec, Long seed) {}
