package mrtbox.inference.weights;

import java.io.IOException;

/** A weight file that is missing, corrupt, truncated or of the wrong shape. The message names file and tensor. */
public final class WeightException extends IOException {
    public WeightException(String message) {
        super(message);
    }

    public WeightException(String message, Throwable cause) {
        super(message, cause);
    }
}
