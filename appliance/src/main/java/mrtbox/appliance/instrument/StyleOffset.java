package mrtbox.appliance.instrument;

import mrtbox.control.param.ParamSnapshot;

/**
 * A move in style space added to the blended embedding before it is quantized (MRT2's signed PCA coefficients:
 * {@code e = sum_i (w_i / sum w) e_i + sum_c coeff_c * axis_c}). It is not a prompt, so it takes no part in the
 * weight normalisation. The styles library provides one (axes from PCA of the stored styles); it is read through
 * the {@link PromptResolver}, the one object every blend already consults.
 */
public interface StyleOffset {
    /** No offset. */
    StyleOffset NONE = s -> null;

    /**
     * The offset for this registry snapshot, one value per embedding dimension, or null when it is zero. Called on
     * the generation thread only when something changed; must be quick.
     */
    float[] offset(ParamSnapshot snapshot);

    /** Grows when the axes themselves change (a style was built), so an unchanged snapshot is re-blended. */
    default long version() {
        return 0;
    }
}
