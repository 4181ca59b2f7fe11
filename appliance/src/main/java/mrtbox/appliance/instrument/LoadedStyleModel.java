package mrtbox.appliance.instrument;

import java.util.Optional;
import mrtbox.inference.style.StyleEmbedder;

/** The style model the engine loaded, for features that embed audio of their own (the live input slot). */
@FunctionalInterface
public interface LoadedStyleModel {
    /** The embedder, once the engine has loaded a style model; empty before, or without one. */
    Optional<StyleEmbedder> embedder();
}
