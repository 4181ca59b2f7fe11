package mrtbox.inference.inject;

import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.engine.InputTap;

/**
 * A model that can take live audio into its context. The box attaches the input once, before the engine starts;
 * from then on {@link InjectionControls} in each step's extras switch and shape the injection.
 */
public interface AudioInjectable {

    /**
     * Connects the live input and the encoder that turns it into the model's tokens. The model owns the encoder
     * from now on (closes it with itself). Call before the first step, from the thread that will step the model.
     *
     * @throws IllegalArgumentException when the tap's rate or the encoder's codec does not fit the model
     */
    void attachInput(InputTap tap, AudioEncoder encoder);
}
