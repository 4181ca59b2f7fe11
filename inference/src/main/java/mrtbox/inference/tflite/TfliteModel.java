package mrtbox.inference.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterAllocateTensors;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterCreate;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterDelete;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterGetInputTensor;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterGetInputTensorCount;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterGetOutputTensor;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterGetOutputTensorCount;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterInvoke;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterOptionsCreate;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterOptionsDelete;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterOptionsSetNumThreads;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteModelCreateFromFile;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteModelDelete;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorByteSize;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorCopyFromBuffer;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorCopyToBuffer;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorDim;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorName;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorNumDims;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorType;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt64;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.TfLiteInterpreter;
import org.bytedeco.tensorflowlite.TfLiteInterpreterOptions;
import org.bytedeco.tensorflowlite.TfLiteModel;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * One {@code .tflite} file with its interpreter (TensorFlow Lite's C API through bytedeco's JavaCPP build), on one
 * CPU thread as the MRT2 reference runs MusicCoCa. Inputs and outputs are described by {@link Tensor} (dtype, shape)
 * so callers match them by what they are rather than by position.
 *
 * <p>A TFLite interpreter is not thread-safe (two concurrent invokes corrupt its tensor arena). {@link #run} fills
 * the inputs, invokes and copies the outputs out under this object's lock, so any thread may call it; in the
 * appliance all calls come from the style mixer's worker anyway.
 */
public final class TfliteModel implements AutoCloseable {
    /** The element types the MusicCoCa files use. */
    public enum DType {
        FLOAT32, INT32, INT64, OTHER
    }

    /** One input or output: its name in the file, element type, shape and size in bytes. */
    public record Tensor(String name, DType dtype, int typeCode, int[] shape, long bytes) {
        public Tensor {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public long elements() {
            long n = 1;
            for (int d : shape) n *= d;
            return n;
        }

        @Override
        public String toString() {
            return "'" + name + "' " + (dtype == DType.OTHER ? "type " + typeCode : dtype.name().toLowerCase()) + Arrays.toString(shape);
        }
    }

    private final Path file;
    private TfLiteModel model;
    private TfLiteInterpreterOptions options;
    private TfLiteInterpreter interpreter;
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;

    private TfliteModel(Path file) throws IOException {
        this.file = file;
        model = TfLiteModelCreateFromFile(file.toString());
        if (model == null || model.isNull()) throw new IOException(file + ": not a TensorFlow Lite model (the flatbuffer does not load)");
        options = TfLiteInterpreterOptionsCreate();
        TfLiteInterpreterOptionsSetNumThreads(options, 1);
        interpreter = TfLiteInterpreterCreate(model, options);
        if (interpreter == null || interpreter.isNull()) {
            close();
            throw new IOException(file + ": TensorFlow Lite cannot build an interpreter for it (unsupported operators?)");
        }
        if (TfLiteInterpreterAllocateTensors(interpreter) != kTfLiteOk) {
            close();
            throw new IOException(file + ": TensorFlow Lite cannot allocate its tensors");
        }
        List<Tensor> in = new ArrayList<>();
        for (int i = 0; i < TfLiteInterpreterGetInputTensorCount(interpreter); i++) in.add(describe(TfLiteInterpreterGetInputTensor(interpreter, i)));
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < TfLiteInterpreterGetOutputTensorCount(interpreter); i++) out.add(describe(TfLiteInterpreterGetOutputTensor(interpreter, i)));
        inputs = List.copyOf(in);
        outputs = List.copyOf(out);
    }

    public static TfliteModel load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing");
        return new TfliteModel(file);
    }

    private static Tensor describe(TfLiteTensor t) {
        int[] shape = new int[TfLiteTensorNumDims(t)];
        for (int d = 0; d < shape.length; d++) shape[d] = TfLiteTensorDim(t, d);
        int code = TfLiteTensorType(t);
        DType dt = code == kTfLiteFloat32 ? DType.FLOAT32 : code == kTfLiteInt32 ? DType.INT32 : code == kTfLiteInt64 ? DType.INT64 : DType.OTHER;
        BytePointer name = TfLiteTensorName(t);
        return new Tensor(name == null || name.isNull() ? "" : name.getString(), dt, code, shape, TfLiteTensorByteSize(t));
    }

    public Path file() {
        return file;
    }

    public List<Tensor> inputs() {
        return inputs;
    }

    public List<Tensor> outputs() {
        return outputs;
    }

    /**
     * Runs the model once. {@code in[i]} feeds input i and is a {@code float[]} or {@code int[]} of that input's
     * dtype; a shorter array is zero-padded to the tensor's size (the reference copies what fits and zero-fills),
     * a longer one is an error. Returns every output as {@code float[]}, {@code int[]} or {@code long[]}.
     */
    public synchronized Object[] run(Object... in) throws IOException {
        if (interpreter == null) throw new IOException(file + ": closed");
        if (in.length != inputs.size()) throw new IOException(file + ": takes " + inputs.size() + " inputs " + inputs + ", given " + in.length);
        for (int i = 0; i < in.length; i++) feed(i, in[i]);
        if (TfLiteInterpreterInvoke(interpreter) != kTfLiteOk) throw new IOException(file + ": invoke failed (the native log says why)");
        Object[] out = new Object[outputs.size()];
        for (int i = 0; i < out.length; i++) out[i] = fetch(i);
        return out;
    }

    private void feed(int i, Object data) throws IOException {
        Tensor spec = inputs.get(i);
        TfLiteTensor t = TfLiteInterpreterGetInputTensor(interpreter, i);
        long n = spec.elements();
        boolean floats = data instanceof float[] && spec.dtype() == DType.FLOAT32;
        boolean ints = data instanceof int[] && spec.dtype() == DType.INT32;
        if (!floats && !ints) {
            throw new IOException(file + ": input " + spec + " cannot take a " + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        int given = floats ? ((float[]) data).length : ((int[]) data).length;
        if (given > n) throw new IOException(file + ": input " + spec + " holds " + n + " values, given " + given);
        try (Pointer p = floats ? new FloatPointer(n) : new IntPointer(n)) {
            p.zero();
            if (floats) ((FloatPointer) p).put((float[]) data);
            else ((IntPointer) p).put((int[]) data);
            if (TfLiteTensorCopyFromBuffer(t, p, spec.bytes()) != kTfLiteOk) throw new IOException(file + ": cannot fill input " + spec);
        }
    }

    private Object fetch(int i) throws IOException {
        Tensor spec = outputs.get(i);
        TfLiteTensor t = TfLiteInterpreterGetOutputTensor(interpreter, i);
        long bytes = TfLiteTensorByteSize(t); // outputs may be resized by the run
        int n = (int) (bytes / elementBytes(spec));
        switch (spec.dtype()) {
            case FLOAT32 -> {
                try (FloatPointer p = new FloatPointer(Math.max(n, 1))) {
                    copyOut(t, p, bytes, spec);
                    float[] v = new float[n];
                    p.get(v);
                    return v;
                }
            }
            case INT32 -> {
                try (IntPointer p = new IntPointer(Math.max(n, 1))) {
                    copyOut(t, p, bytes, spec);
                    int[] v = new int[n];
                    p.get(v);
                    return v;
                }
            }
            case INT64 -> {
                try (LongPointer p = new LongPointer(Math.max(n, 1))) {
                    copyOut(t, p, bytes, spec);
                    long[] v = new long[n];
                    p.get(v);
                    return v;
                }
            }
            default -> throw new IOException(file + ": output " + spec + " has an element type this build does not read");
        }
    }

    private void copyOut(TfLiteTensor t, Pointer p, long bytes, Tensor spec) throws IOException {
        if (bytes > 0 && TfLiteTensorCopyToBuffer(t, p, bytes) != kTfLiteOk) throw new IOException(file + ": cannot read output " + spec);
    }

    private static int elementBytes(Tensor t) {
        return t.dtype() == DType.INT64 ? 8 : 4;
    }

    @Override
    public synchronized void close() {
        if (interpreter != null) TfLiteInterpreterDelete(interpreter);
        if (options != null) TfLiteInterpreterOptionsDelete(options);
        if (model != null && !model.isNull()) TfLiteModelDelete(model);
        interpreter = null;
        options = null;
        model = null;
    }
}
