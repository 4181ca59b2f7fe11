package mrtbox.inference.tf;

import java.io.IOException;

/**
 * A SavedModel that loads but cannot be called the way the caller needs: the signature is not there, or it was
 * traced at a fixed length where any length is fed. Callers that can run the model another way (the codec reads
 * the SavedModel's {@code variables/} into its own graph) catch this; every other load error stays an
 * {@link IOException}.
 */
public final class UnusableSignatureException extends IOException {
    public UnusableSignatureException(String message) {
        super(message);
    }
}
