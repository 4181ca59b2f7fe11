package mrtbox.inference.tf;

import org.bytedeco.javacpp.Pointer;

/** Native memory of the TensorFlow runtime that the JVM's own meters cannot see. */
public final class TfMemory {
    private TfMemory() {}

    /**
     * Bytes JavaCPP tracks for TensorFlow's tensors and buffers. Call it only once a model has loaded: the first use
     * of JavaCPP loads its native library.
     */
    public static long trackedBytes() {
        return Pointer.totalBytes();
    }
}
