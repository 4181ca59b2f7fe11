package mrtbox.inference.weights;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The files of one checkpoint, wherever they are: a directory on disk or the entries of a .tar read in place
 * (the released T5X checkpoints ship as tars; we never unpack them). Paths are relative, '/'-separated.
 */
interface CheckpointFiles extends Closeable {
    /** The directory or archive, for messages. */
    String location();

    /** How to name one file in a message: {@code /m/llm.tar!/target.x/0.0} or {@code /m/llm/target.x/0.0}. */
    String describe(String path);

    boolean exists(String path);

    /** Size in bytes; {@link WeightException} naming the file when it is absent. */
    long size(String path) throws IOException;

    /** A stream over the file's bytes; fails with {@link WeightException} when it is absent or truncated. */
    InputStream open(String path) throws IOException;

    /** Reads a whole (small) file, refusing anything larger than {@code maxBytes}. */
    default byte[] readAll(String path, int maxBytes) throws IOException {
        long n = size(path);
        if (n > maxBytes) {
            throw new WeightException(describe(path) + ": " + n + " bytes, more than the " + maxBytes + " expected");
        }
        try (InputStream in = open(path)) {
            byte[] data = in.readNBytes((int) n);
            if (data.length != n) {
                throw new WeightException(describe(path) + ": truncated, read " + data.length + " of " + n + " bytes");
            }
            return data;
        }
    }
}
