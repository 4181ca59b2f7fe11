package mrtbox.appliance.catalog;

import java.util.List;
import mrtbox.appliance.instrument.StyleBlender;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.model.StreamingModel;

/**
 * One model the box can play, by name ("tiny-v1", "mrt-v1-base"). Real models register through
 * {@link ModelCatalog#standard()} (or as a {@link java.util.ServiceLoader} service of this interface).
 */
public interface ModelProvider {

    /** The name people type: {@code mrtbox render --model NAME}, {@code "model"} in the config. */
    String name();

    /** One line for listings. */
    String description();

    /** Loads the model; throws with a clear message when its files are missing or damaged. */
    StreamingModel open() throws Exception;

    /**
     * Loads the style model that goes with this model (prompts to style tokens). Without one the model plays its
     * unconditioned style. Close the result when it is {@link AutoCloseable}.
     */
    default StyleBlender openStyle() throws Exception {
        return StyleBlender.UNCONDITIONED;
    }

    /**
     * This model's style embedder on its own (no quantizer, no mixer thread), for work done without starting the box:
     * {@code mrtbox styles build}. Empty when the model has no usable style model. Close the result.
     */
    default java.util.Optional<mrtbox.inference.style.StyleEmbedder> openStyleEmbedder() throws Exception {
        return java.util.Optional.empty();
    }

    /**
     * The {@link mrtbox.inference.style.StyleEmbedder#modelId() id} of this model's style embedder, found without
     * loading it; empty when the model has no style model. Style vectors made by another embedder do not fit.
     */
    default java.util.Optional<String> styleModelId() throws Exception {
        return java.util.Optional.empty();
    }

    /**
     * Parameters only this model has (MRT2's note guidance, onset mode, ...). They are registered when the model is
     * chosen, so OSC, OSCQuery, MIDI learn and the page show them, and they reach the model by id through
     * {@code StepControls.extras()}.
     */
    default List<ParamSpec> parameters() {
        return List.of();
    }

    /**
     * Loads the audio encoder that turns audio into this model's codec tokens (MRT2's prefill from an audio file, audio injection of the live input).
     * Opened only when first needed (the real encoder is large); close it after use.
     */
    default SpectroStreamEncoder openEncoder() throws Exception {
        throw new UnsupportedOperationException("model " + name() + " has no audio encoder (prefill from audio is an MRT2 feature)");
    }

    /**
     * The encoder that turns the live input into this model's tokens for audio injection: by default
     * {@link #openEncoder}; an MRT v1 install from the release layout gives its {@code encoder/} SavedModel.
     */
    default AudioEncoder openInjectionEncoder() throws Exception {
        return openEncoder();
    }

    /**
     * This model family's style guidance (sampling.guidance): its reference's default and range. MRT v1's reference
     * uses 5.0 with a 0..10 knob; MRT2 overrides it ({@link Mrt2Parameters#STYLE_GUIDANCE}).
     */
    default StandardParams.Guidance guidance() {
        return StandardParams.Guidance.WIDE;
    }

    /** True when the model is conditioned on played notes (MRT2): the box then feeds it MIDI and OSC notes. */
    default boolean takesNotes() {
        return false;
    }
}
