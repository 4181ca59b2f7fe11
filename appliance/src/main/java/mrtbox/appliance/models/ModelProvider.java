package mrtbox.appliance.models;

import mrtbox.appliance.engine.StyleBlender;
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
}
