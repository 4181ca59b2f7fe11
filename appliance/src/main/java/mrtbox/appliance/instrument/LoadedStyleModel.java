package mrtbox.appliance.instrument;

import java.util.Optional;
import mrtbox.inference.style.StyleEmbedder;

/**
 * The style model the engine loaded, for features that embed audio of their own (the live input slot). The
 * composition root makes one and hands it to both: the engine fills it when its model is open, the live input
 * reads it (it is built before the engine, whose audio output takes the input's insert).
 */
public final class LoadedStyleModel {
    private volatile StyleBlender style;

    /** Called by the engine once its style model is loaded. */
    void loaded(StyleBlender style) {
        this.style = style;
    }

    /** The embedder, once the engine has loaded a style model; empty before, or without one. */
    public Optional<StyleEmbedder> embedder() {
        StyleBlender s = style;
        return s == null ? Optional.empty() : s.embedder();
    }
}
