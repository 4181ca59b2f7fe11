package mrtbox.inference.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Test fixture: writes small, valid TensorFlow Lite models (one subgraph) from Java, since no converter is available
 * here. The tables of TFLite's {@code schema.fbs} (file identifier "TFL3", schema version 3) are written by field
 * index with the plain flatbuffers builder:
 * <pre>
 * Model        0 version:uint  1 operator_codes  2 subgraphs  3 description  4 buffers
 * OperatorCode 0 deprecated_builtin_code:byte  2 version:int  3 builtin_code:int
 * SubGraph     0 tensors  1 inputs:[int]  2 outputs:[int]  3 operators  4 name
 * Tensor       0 shape:[int]  1 type:byte  2 buffer:uint  3 name
 * Buffer       0 data:[ubyte] (16-byte aligned)
 * Operator     0 opcode_index:uint  1 inputs  2 outputs  3 builtin_options_type:ubyte  4 builtin_options
 * </pre>
 * Buffer 0 is the empty buffer every non-constant tensor points at, as the converter writes it.
 */
public final class TfliteWriter {
    // TensorType (schema.fbs)
    public static final byte FLOAT32 = 0;
    public static final byte INT32 = 2;
    public static final byte INT64 = 4;
    // BuiltinOperator (schema.fbs)
    public static final int ADD = 0;
    public static final int FULLY_CONNECTED = 9;
    public static final int MUL = 18;
    public static final int RESHAPE = 22;
    public static final int GATHER = 36;
    public static final int MEAN = 40;
    public static final int SUB = 41;
    public static final int ARG_MAX = 56;
    public static final int SUM = 74;
    // BuiltinOptions union members used here
    public static final byte ARG_MAX_OPTIONS = 40;

    private record TensorSpec(String name, byte type, int[] shape, int buffer) {}

    private record OpSpec(int opcodeIndex, int[] inputs, int[] outputs, byte optionsType, ToIntFunction<FlatBufferBuilder> options) {}

    private final List<TensorSpec> tensors = new ArrayList<>();
    private final List<byte[]> buffers = new ArrayList<>(List.of(new byte[0]));
    private final List<Integer> opcodes = new ArrayList<>();
    private final List<OpSpec> ops = new ArrayList<>();
    private int[] inputs = new int[0];
    private int[] outputs = new int[0];

    /** A tensor computed at run time (an input, an output or an intermediate). */
    public int tensor(String name, byte type, int... shape) {
        tensors.add(new TensorSpec(name, type, shape.clone(), 0));
        return tensors.size() - 1;
    }

    public int constant(String name, float[] data, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) b.putFloat(v);
        return constant(name, FLOAT32, b.array(), shape);
    }

    public int constant(String name, int[] data, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : data) b.putInt(v);
        return constant(name, INT32, b.array(), shape);
    }

    private int constant(String name, byte type, byte[] bytes, int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n * 4 != bytes.length) throw new IllegalArgumentException(name + ": " + bytes.length / 4 + " values for shape " + Arrays.toString(shape));
        buffers.add(bytes);
        tensors.add(new TensorSpec(name, type, shape.clone(), buffers.size() - 1));
        return tensors.size() - 1;
    }

    /** An operator without options (TFLite then uses its defaults). */
    public TfliteWriter op(int builtin, int[] in, int[] out) {
        return op(builtin, in, out, (byte) 0, null);
    }

    /** An operator with a builtin-options table written by {@code options} (returns the table's offset). */
    public TfliteWriter op(int builtin, int[] in, int[] out, byte optionsType, ToIntFunction<FlatBufferBuilder> options) {
        int code = opcodes.indexOf(builtin);
        if (code < 0) {
            opcodes.add(builtin);
            code = opcodes.size() - 1;
        }
        ops.add(new OpSpec(code, in.clone(), out.clone(), optionsType, options));
        return this;
    }

    public TfliteWriter inputs(int... t) {
        inputs = t.clone();
        return this;
    }

    public TfliteWriter outputs(int... t) {
        outputs = t.clone();
        return this;
    }

    /** ArgMaxOptions { output_type: TensorType } */
    public static ToIntFunction<FlatBufferBuilder> argMaxOptions(byte outputType) {
        return fb -> {
            fb.startTable(1);
            fb.addByte(0, outputType, 0);
            return fb.endTable();
        };
    }

    public byte[] build() {
        FlatBufferBuilder fb = new FlatBufferBuilder(1024);
        // Buffers
        int[] bufferOffsets = new int[buffers.size()];
        for (int i = 0; i < buffers.size(); i++) {
            byte[] data = buffers.get(i);
            int dataVec = 0;
            if (data.length > 0) {
                fb.startVector(1, data.length, 16);
                for (int j = data.length - 1; j >= 0; j--) fb.addByte(data[j]);
                dataVec = fb.endVector();
            }
            fb.startTable(3);
            if (data.length > 0) fb.addOffset(0, dataVec, 0);
            bufferOffsets[i] = fb.endTable();
        }
        int buffersVec = tableVector(fb, bufferOffsets);
        // Tensors
        int[] tensorOffsets = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            int name = fb.createString(t.name());
            int shape = intVector(fb, t.shape());
            fb.startTable(4);
            fb.addOffset(0, shape, 0);
            fb.addByte(1, t.type(), 0);
            fb.addInt(2, t.buffer(), 0);
            fb.addOffset(3, name, 0);
            tensorOffsets[i] = fb.endTable();
        }
        int tensorsVec = tableVector(fb, tensorOffsets);
        // Operators
        int[] opOffsets = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            OpSpec o = ops.get(i);
            int options = o.options() == null ? 0 : o.options().applyAsInt(fb);
            int in = intVector(fb, o.inputs());
            int out = intVector(fb, o.outputs());
            fb.startTable(5);
            fb.addInt(0, o.opcodeIndex(), 0);
            fb.addOffset(1, in, 0);
            fb.addOffset(2, out, 0);
            if (o.options() != null) {
                fb.addByte(3, o.optionsType(), 0);
                fb.addOffset(4, options, 0);
            }
            opOffsets[i] = fb.endTable();
        }
        int opsVec = tableVector(fb, opOffsets);
        int sgInputs = intVector(fb, inputs);
        int sgOutputs = intVector(fb, outputs);
        int sgName = fb.createString("main");
        fb.startTable(5);
        fb.addOffset(0, tensorsVec, 0);
        fb.addOffset(1, sgInputs, 0);
        fb.addOffset(2, sgOutputs, 0);
        fb.addOffset(3, opsVec, 0);
        fb.addOffset(4, sgName, 0);
        int subgraph = fb.endTable();
        int subgraphsVec = tableVector(fb, new int[] {subgraph});
        // Operator codes
        int[] codeOffsets = new int[opcodes.size()];
        for (int i = 0; i < opcodes.size(); i++) {
            int b = opcodes.get(i);
            fb.startTable(4);
            fb.addByte(0, (byte) Math.min(b, 127), 0);
            fb.addInt(2, 1, 1);
            fb.addInt(3, b, 0);
            codeOffsets[i] = fb.endTable();
        }
        int codesVec = tableVector(fb, codeOffsets);
        int description = fb.createString("mrtbox test model");
        fb.startTable(5);
        fb.addInt(0, 3, 0);
        fb.addOffset(1, codesVec, 0);
        fb.addOffset(2, subgraphsVec, 0);
        fb.addOffset(3, description, 0);
        fb.addOffset(4, buffersVec, 0);
        int model = fb.endTable();
        fb.finish(model, "TFL3");
        return fb.sizedByteArray();
    }

    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, build());
        return file;
    }

    private static int intVector(FlatBufferBuilder fb, int[] v) {
        fb.startVector(4, v.length, 4);
        for (int i = v.length - 1; i >= 0; i--) fb.addInt(v[i]);
        return fb.endVector();
    }

    private static int tableVector(FlatBufferBuilder fb, int[] offsets) {
        fb.startVector(4, offsets.length, 4);
        for (int i = offsets.length - 1; i >= 0; i--) fb.addOffset(offsets[i]);
        return fb.endVector();
    }
}
