package mrtbox.inference.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mrtbox.inference.tf.TfSessions;
import mrtbox.inference.weights.FloatTensor;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;
import org.tensorflow.types.TInt32;

/**
 * The SpectroStream decoder after its input layer as a TensorFlow graph: the {@link InputLayer}'s output
 * {@code [N, bins * core]} in (N frames, any number; the input layer runs in Java), interleaved stereo
 * {@code [N * 1920, 2]} out. Its state lives in variables: per causal conv the last k-1 input frames, per
 * transposed conv the k-s pending output frames (per channel group), the lookahead countdown and the 480-sample
 * overlap-add tail. The state is assigned only after the audio is computed (control dependencies), so every read sees
 * the previous step's values. The graph is built twice over one set of weight variables, each copy with its own
 * state: the <b>stream</b> path (MRT2) and the <b>whole</b> path that whole-sequence decoding resets and runs in
 * bounded pieces, so it never disturbs the stream. Both mask the first {@code lookahead} codec frames of spectrum
 * (SL's Lookahead in step mode); the caller drops them for whole-sequence output. Weights are variables fed once through placeholders, never graph constants. The inverse
 * STFT is a matmul with a precomputed real inverse-DFT basis with the synthesis window folded in.
 */
final class SpectroStreamGraph implements AutoCloseable {
    /** Where a layer's carried state comes from and goes to. */
    private interface StateStore {
        Operand<TFloat32> read(String name, long... shape);

        void write(String name, Operand<TFloat32> value);
    }

    /** One built decode path: feed {@code input} (the input layer's output), fetch {@code audio}, run {@code update} as a target. */
    record Path(Placeholder<TFloat32> input, Operand<TFloat32> audio, Op update, Op reset, List<StateVar> state) {}

    /** One carried-state variable of a path, with the feed and assign that load a saved value into it. */
    record StateVar(String name, long[] shape, Variable<TFloat32> variable, Placeholder<TFloat32> feed, Op load) {}

    private final SpectroStreamConfig c;
    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final Session session;
    private final GraphWeights weights;
    private final Set<String> matmulLayers;
    private final boolean bf16;
    /** Per conv path its kernel as HWIO {@code [kt, kf, in, out]} (transposed convs in sub-pixel form), whatever its stored layout. */
    private final Map<String, long[]> convShapes = new HashMap<>();
    private final Path stream;
    private final Path whole;

    SpectroStreamGraph(SpectroStreamWeights w, int intraOpThreads) {
        this(w, intraOpThreads, false);
    }

    /**
     * @param bf16 run every conv and conv-as-matmul in bf16 (kernels stored in bf16, activations rounded to bf16 at
     *             the op's input, f32 accumulation inside the op, its output back in f32 for bias, ELU and sums), as
     *             the MRT2 reference computes (spec mrt2.md 1.3: params cast to bf16, compute bf16); oneDNN runs
     *             bf16 convs and matmuls about twice as fast as f32 on AVX-512 BF16 CPUs. false: f32, conformance.
     */
    SpectroStreamGraph(SpectroStreamWeights w, int intraOpThreads, boolean bf16) {
        this.c = w.config();
        this.bf16 = bf16;
        this.matmulLayers = ConvForms.matmulLayers(c);
        try {
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (Map.Entry<String, FloatTensor> e : w.all().entrySet()) {
                if (e.getKey().equals(SpectroStreamWeights.QUANTIZER)) continue; // dequantized in Java
                if (e.getKey().startsWith("input_layer/")) continue; // computed in Java (InputLayer)
                prepare(e.getKey(), e.getValue(), values, shapes);
            }
            values.put("istft_basis", InverseStft.basis(c.fftLength, c.frameStep));
            shapes.put("istft_basis", new long[] {c.fftLength, c.fftLength});
            Set<String> inBf16 = new java.util.HashSet<>();
            if (bf16) for (String path : convShapes.keySet()) inBf16.add(path + "/conv/kernel");
            weights = new GraphWeights(tf, values, shapes, inBf16);
            stream = build("stream", variableState());
            whole = build("whole", variableState());
            session = TfSessions.open(graph, intraOpThreads);
            weights.load(session, stream.reset, whole.reset);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    static String opName(String prefix, String path) {
        return prefix + "." + path.replace('/', '.');
    }

    /**
     * Kernels as the graph wants them: transposed convs in sub-pixel form ({@link SubPixelKernel}), then each conv in
     * the layout of its form ({@link ConvForms}).
     */
    private void prepare(String name, FloatTensor t, Map<String, float[]> values, Map<String, long[]> shapes) {
        long[] s = t.shape();
        float[] v = t.toArray();
        SpectroStreamConfig.DecoderBlock b = transposedBlock(name);
        if (b != null && name.endsWith("/bias")) {
            v = SubPixelKernel.bias(v, b.strideTime(), b.strideFreq());
            s = new long[] {v.length};
        }
        if (name.endsWith("/conv/kernel")) {
            String path = name.substring(0, name.length() - "/conv/kernel".length());
            int kt = (int) s[0], kf = (int) s[1], ci = (int) s[2], co = (int) s[3];
            if (b != null) {
                int st = b.strideTime(), sf = b.strideFreq();
                v = SubPixelKernel.kernel(v, kt, kf, ci, co, st, sf);
                kt = SubPixelKernel.taps(kt, st);
                kf = SubPixelKernel.taps(kf, sf);
                co *= st * sf;
            }
            convShapes.put(path, new long[] {kt, kf, ci, co});
            if (matmulLayers.contains(path)) {
                v = ConvForms.matmulKernel(v, kt, kf, ci, co);
                s = new long[] {co, (long) kt * kf * ci};
            } else if (path.equals(ConvForms.OUTPUT_CONV)) {
                v = ConvForms.timeOnlyKernel(v, kt, kf, ci, co);
                s = new long[] {kt, 1, ci, (long) kf * co};
            } else {
                s = new long[] {kt, kf, ci, co};
            }
        }
        values.put(name, v);
        shapes.put(name, s);
    }

    /** The decoder block whose transposed conv owns tensor {@code name}, or null. */
    private SpectroStreamConfig.DecoderBlock transposedBlock(String name) {
        for (SpectroStreamConfig.DecoderBlock b : c.decoderBlocks()) {
            if (name.startsWith(SpectroStreamWeights.transposedName(b) + "/")) return b;
        }
        return null;
    }

    Path stream() {
        return stream;
    }

    Path whole() {
        return whole;
    }

    Session session() {
        return session;
    }

    /** Runs one path on {@code frames} input-layer outputs ({@code [frames * bins * core]}); returns interleaved stereo. */
    float[] run(Path path, float[] input, int frames) {
        try (TFloat32 in = inputTensor(input, frames)) {
            Session.Runner r = session.runner().feed(path.input, in).fetch(path.audio);
            if (path.update != null) r.addTarget(path.update);
            try (Result res = r.run()) {
                TFloat32 audio = (TFloat32) res.get(0);
                float[] out = new float[(int) audio.size()];
                audio.asRawTensor().data().asFloats().read(out);
                return out;
            }
        }
    }

    /**
     * Runs one path like {@link #run} with a full trace and returns the op time (microseconds) per layer scope, e.g.
     * {@code decoder_3/conv2d_3x3}: the node's scope below the path's prefix; ops outside any layer count under
     * {@code (other)}. Tracing adds its own overhead per op, so the shares are what matter.
     */
    Map<String, Long> runTraced(Path path, float[] input, int frames) {
        RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
        Map<String, Long> out = new LinkedHashMap<>();
        try (TFloat32 in = inputTensor(input, frames)) {
            Session.Runner r = session.runner().feed(path.input, in).fetch(path.audio).setOptions(trace);
            if (path.update != null) r.addTarget(path.update);
            try (Result res = r.runAndFetchMetadata()) {
                RunMetadata md = res.getMetadata().orElseThrow(() -> new IllegalStateException("TF returned no trace"));
                String prefix = path.input.op().name().substring(0, path.input.op().name().lastIndexOf('/') + 1);
                for (DeviceStepStats d : md.getStepStats().getDevStatsList()) {
                    for (NodeExecStats n : d.getNodeStatsList()) {
                        String name = n.getNodeName();
                        int cut = name.lastIndexOf('/');
                        String scope = name.startsWith(prefix) && cut > prefix.length() ? name.substring(prefix.length(), cut) : "(other)";
                        out.merge(scope, n.getOpEndRelMicros() - n.getOpStartRelMicros(), Long::sum);
                    }
                }
            }
        }
        return out;
    }

    private TFloat32 inputTensor(float[] input, int frames) {
        int wide = c.bottomBins() * c.coreChannels();
        if (input.length != frames * wide) throw new IllegalArgumentException(input.length + " input values for " + frames + " frames of " + wide);
        return TFloat32.tensorOf(Shape.of(frames, wide), DataBuffers.of(input, true, false));
    }

    void reset(Path path) {
        session.runner().addTarget(path.reset).run().close();
    }

    /** The carried state of {@code path} by name (conv buffers, pending transposed-conv outputs, lookahead, OLA tail). */
    Map<String, float[]> saveState(Path path) {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (path.state.isEmpty()) return out;
        Session.Runner r = session.runner();
        for (StateVar v : path.state) r.fetch(v.variable);
        try (Result res = r.run()) {
            for (int i = 0; i < path.state.size(); i++) {
                TFloat32 t = (TFloat32) res.get(i);
                float[] a = new float[(int) t.size()];
                t.asRawTensor().data().asFloats().read(a);
                out.put(path.state.get(i).name, a);
            }
        }
        return out;
    }

    Map<String, long[]> stateShapes(Path path) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (StateVar v : path.state) out.put(v.name, v.shape.clone());
        return out;
    }

    /** Replaces the carried state of {@code path} in one run; the caller checked names and sizes. */
    void loadState(Path path, Map<String, float[]> state) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (StateVar v : path.state) {
                TFloat32 t = TFloat32.tensorOf(Shape.of(v.shape), DataBuffers.of(state.get(v.name), true, false));
                tensors.add(t);
                r.feed(v.feed, t).addTarget(v.load);
            }
            r.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    // ---------------------------------------------------------------- state stores

    private StateStore variableState() {
        return new StateStore() {
            final Map<String, Variable<TFloat32>> byName = new LinkedHashMap<>();
            final Map<String, long[]> shapes = new LinkedHashMap<>();

            @Override
            public Operand<TFloat32> read(String name, long... shape) {
                Variable<TFloat32> v = tf.withName(opName("state", name)).variable(Shape.of(shape), TFloat32.class);
                byName.put(name, v);
                shapes.put(name, shape);
                return v;
            }

            @Override
            public void write(String name, Operand<TFloat32> value) {
                pendingWrites.add(new Object[] {byName.get(name), value, shapes.get(name), name});
            }
        };
    }

    private static int[] toInts(long[] s) {
        int[] o = new int[s.length];
        for (int i = 0; i < s.length; i++) o[i] = (int) s[i];
        return o;
    }

    private final List<Object[]> pendingWrites = new ArrayList<>();

    // ---------------------------------------------------------------- graph

    @SuppressWarnings("unchecked")
    private Path build(String prefix, StateStore state) {
        pendingWrites.clear();
        Ops t = tf.withSubScope(prefix);
        int bins = c.bottomBins();
        int core = c.coreChannels();
        // the input layer's output (InputLayer, in Java): [bins, core] row-major per frame
        Placeholder<TFloat32> input = t.withName("input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, (long) bins * core)));
        Layers L = new Layers(t, state);
        Operand<TFloat32> h = t.reshape(input, t.constant(new int[] {1, -1, bins, core}));

        // input_layers_residual_unit: ELU, 3x3 (a), ELU, 3x3; identity shortcut
        Layers ru = L.in("input_layers_residual_unit");
        Operand<TFloat32> r = ru.causalConv(ru.ops().nn.elu(h), "input_layers_residual_unit/conv2d_3x3_a", 1, bins);
        r = ru.causalConv(ru.ops().nn.elu(r), "input_layers_residual_unit/conv2d_3x3", 1, bins);
        h = ru.ops().math.add(h, r);

        int batch = 1;
        int f = bins;
        for (SpectroStreamConfig.DecoderBlock b : c.decoderBlocks()) {
            if (b.grouped() && batch == 1) {
                h = toGroups(t, h, f);
                batch = c.channelSplits;
            }
            h = L.in(b.name()).residualBlock(h, b, batch, f);
            f *= b.strideFreq();
        }
        if (batch == 1) {
            h = toGroups(t, h, f);
            batch = c.channelSplits;
        }
        // output_layer: ELU, 7x7 -> (re, im) per group
        Layers ol = L.in("output_layer");
        h = ol.causalConv(ol.ops().nn.elu(h), "output_layer/base_conv_last", batch, f);
        Operand<TFloat32> spec = fromGroups(t, h, f); // [T4, bins, 4]

        // Lookahead in step mode: zero the first lookahead frames since reset; adds no delay.
        Ops la = t.withSubScope("lookahead");
        Operand<TInt32> t4 = dim(la, spec, 0);
        Operand<TFloat32> counterState = state.read("lookahead_counter", 1);
        Operand<TInt32> counter = la.reshape(la.dtypes.cast(counterState, TInt32.class), la.constant(new int[0]));
        Operand<TInt32> idx = la.range(counter, la.math.add(counter, la.reshape(t4, la.constant(new int[0]))), la.constant(1));
        Operand<TFloat32> mask = la.reshape(la.dtypes.cast(la.math.greaterEqual(idx, la.constant(c.lookaheadStftFrames())), TFloat32.class),
                la.constant(new int[] {-1, 1, 1}));
        spec = la.math.mul(spec, mask);
        state.write("lookahead_counter", la.math.minimum(la.math.add(counterState, la.dtypes.cast(t4, TFloat32.class)),
                la.constant(new float[] {c.lookaheadStftFrames()})));

        // Inverse STFT: rows [re(480), im(480)] per frame and audio channel, times the windowed inverse-DFT basis.
        Ops is = t.withSubScope("istft");
        int half = c.frameStep;
        Operand<TFloat32> rows = is.reshape(is.linalg.transpose(spec, is.constant(new int[] {0, 2, 1})), is.constant(new int[] {-1, 2 * half}));
        Operand<TFloat32> frames = is.reshape(is.linalg.matMul(rows, weights.get("istft_basis")),
                is.constant(new int[] {-1, c.audioChannels, c.fftLength}));
        Operand<TFloat32> first = is.slice(frames, is.constant(new int[] {0, 0, 0}), is.constant(new int[] {-1, -1, half}));
        Operand<TFloat32> second = is.slice(frames, is.constant(new int[] {0, 0, half}), is.constant(new int[] {-1, -1, half}));
        Operand<TFloat32> tail = state.read("ola_tail", 1, c.audioChannels, half);
        Operand<TFloat32> joined = is.concat(List.of(tail, second), is.constant(0));
        Operand<TFloat32> prev = is.slice(joined, is.constant(new int[] {0, 0, 0}), vec(is, t4, is.constant(new int[] {-1, -1})));
        state.write("ola_tail", is.slice(joined, vec(is, t4, is.constant(new int[] {0, 0})), is.constant(new int[] {1, -1, -1})));
        Operand<TFloat32> out = is.math.add(first, prev); // [T4, ch, 480]
        Operand<TFloat32> audio = t.withName("audio").reshape(t.linalg.transpose(out, t.constant(new int[] {0, 2, 1})),
                t.constant(new int[] {-1, c.audioChannels}));

        if (pendingWrites.isEmpty()) return new Path(input, audio, null, null, List.of());
        List<Op> assigns = new ArrayList<>();
        List<Op> zeros = new ArrayList<>();
        List<StateVar> vars = new ArrayList<>();
        Ops after = t.withControlDependencies(List.of(audio));
        for (Object[] w : pendingWrites) {
            Variable<TFloat32> v = (Variable<TFloat32>) w[0];
            long[] shape = (long[]) w[2];
            assigns.add(after.assign(v, (Operand<TFloat32>) w[1]));
            zeros.add(t.assign(v, t.zeros(t.constant(toInts(shape)), TFloat32.class)));
            Placeholder<TFloat32> feed = t.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
            vars.add(new StateVar((String) w[3], shape, v, feed, t.assign(v, feed)));
        }
        Op update = t.withControlDependencies(assigns).withName("update").noOp();
        Op reset = t.withControlDependencies(zeros).withName("reset").noOp();
        return new Path(input, audio, update, reset, List.copyOf(vars));
    }

    private Operand<TFloat32> toGroups(Ops t, Operand<TFloat32> h, int f) {
        return GraphWeights.toGroups(t, h, f, c.channelSplits);
    }

    private Operand<TFloat32> fromGroups(Ops t, Operand<TFloat32> h, int f) {
        return GraphWeights.fromGroups(t, h, f, c.channelSplits);
    }

    /** Dimension {@code axis} of x as an int32 vector of length 1. */
    private static Operand<TInt32> dim(Ops t, Operand<TFloat32> x, int axis) {
        return t.slice(t.shape(x), t.constant(new int[] {axis}), t.constant(new int[] {1}));
    }

    @SafeVarargs
    private static Operand<TInt32> vec(Ops t, Operand<TInt32>... parts) {
        return t.concat(List.of(parts), t.constant(0));
    }

    /**
     * The layer vocabulary of the decoder, all causal in time with explicit carried state. Every op is named under
     * its layer's scope ({@code <path>/<block>/<conv>/...}) so per-layer timings can be read from a traced run.
     */
    private final class Layers {
        private final Ops t;
        private final StateStore state;

        Layers(Ops t, StateStore state) {
            this.t = t;
            this.state = state;
        }

        /** The same layers with their ops under {@code scope}. */
        Layers in(String scope) {
            return new Layers(t.withSubScope(scope), state);
        }

        Ops ops() {
            return t;
        }

        private Ops scoped(String path) {
            return t.withSubScope(path.substring(path.lastIndexOf('/') + 1));
        }

        private Operand<TFloat32> kernel(String path) {
            return weights.kernel(path);
        }

        private Operand<TFloat32> bias(String path) {
            return weights.bias(path);
        }

        /** A 1x1 conv over {@code x [batch, T, f, in]} (batch and f known when the graph is built). */
        Operand<TFloat32> conv1x1(Operand<TFloat32> x, String path) {
            Ops s = scoped(path);
            Shape shape = x.shape();
            if (shape.numDimensions() != 4 || shape.get(0) < 0 || shape.get(2) < 0) throw new IllegalStateException(path + ": input shape " + shape);
            return valid(s, x, path, (int) shape.get(0), dim(s, x, 1), (int) shape.get(2));
        }

        /**
         * The VALID conv of {@code xx} (already extended in time and padded in freq) with {@code path}'s kernel and
         * bias, in the form {@link ConvForms} chose: {@code [batch, n, fo, out]}.
         */
        private Operand<TFloat32> valid(Ops s, Operand<TFloat32> xx, String path, int batch, Operand<TInt32> n, int fo) {
            long[] k = convShapes.get(path);
            int kt = (int) k[0], kf = (int) k[1], ci = (int) k[2], co = (int) k[3];
            List<Long> ones = List.of(1L, 1L, 1L, 1L);
            if (matmulLayers.contains(path)) {
                // weights as the left operand ([out, K] x [K, positions]): oneDNN streams them fastest this way
                Operand<TInt32> rows = s.constant(new int[] {-1, kt * kf * ci});
                Operand<TFloat32> yt = bf16
                        ? s.dtypes.cast(s.linalg.matMul(weights.getBf16(path + "/conv/kernel"), s.reshape(im2col(s, toBf16(s, xx), kt, kf, batch, n, fo, ci), rows),
                                MatMul.transposeB(true)), TFloat32.class)
                        : s.linalg.matMul(kernel(path), s.reshape(im2col(s, xx, kt, kf, batch, n, fo, ci), rows), MatMul.transposeB(true));
                Operand<TFloat32> y = s.linalg.transpose(yt, s.constant(new int[] {1, 0}));
                return s.reshape(s.nn.biasAdd(y, bias(path)), s.constant(new int[] {batch, -1, fo, co}));
            }
            Operand<TFloat32> z = bf16
                    ? s.dtypes.cast(s.nn.conv2d(toBf16(s, xx), weights.getBf16(path + "/conv/kernel"), ones, "VALID"), TFloat32.class)
                    : s.nn.conv2d(xx, kernel(path), ones, "VALID");
            if (path.equals(ConvForms.OUTPUT_CONV)) { // kt x 1 conv with the freq taps as channels, then their shifted sum
                List<Operand<TFloat32>> parts = new ArrayList<>();
                for (int b = 0; b < kf; b++) parts.add(s.slice(z, s.constant(new int[] {0, 0, b, b * co}), s.constant(new int[] {-1, -1, fo, co})));
                return s.nn.biasAdd(s.math.addN(parts), bias(path));
            }
            return s.nn.biasAdd(z, bias(path));
        }

        private Operand<TBfloat16> toBf16(Ops s, Operand<TFloat32> x) {
            return s.dtypes.cast(x, TBfloat16.class);
        }

        /** im2col: the kt x kf taps of {@code xx} side by side as channels, in the kernel's (time, freq, in) order. */
        private <T extends TType> Operand<T> im2col(Ops s, Operand<T> xx, int kt, int kf, int batch, Operand<TInt32> n, int fo, int ci) {
            if (kt * kf == 1) return xx;
            Operand<TInt32> size = vec(s, s.constant(new int[] {batch}), n, s.constant(new int[] {fo, ci}));
            List<Operand<T>> taps = new ArrayList<>();
            for (int a = 0; a < kt; a++)
                for (int b = 0; b < kf; b++) taps.add(s.slice(xx, s.constant(new int[] {0, a, b, 0}), size));
            return s.concat(taps, s.constant(3));
        }

        /** x preceded by its last {@code frames} input frames from the previous call (state {@code path}). */
        private Operand<TFloat32> withPast(Ops s, Operand<TFloat32> x, String path, int frames, int batch, int f, int ci) {
            if (frames == 0) return x;
            Operand<TFloat32> past = state.read(path, batch, frames, f, ci);
            Operand<TFloat32> xx = s.concat(List.of(past, x), s.constant(1));
            Operand<TInt32> n = dim(s, x, 1);
            state.write(path, s.slice(xx, vec(s, s.constant(new int[] {0}), n, s.constant(new int[] {0, 0})),
                    s.constant(new int[] {-1, frames, -1, -1})));
            return xx;
        }

        /** k_t x k_f conv, stride 1: causal in time (last k_t-1 input frames carried), "same" in freq. */
        Operand<TFloat32> causalConv(Operand<TFloat32> x, String path, int batch, int f) {
            Ops s = scoped(path);
            long[] ks = convShapes.get(path);
            int kt = (int) ks[0], kf = (int) ks[1], ci = (int) ks[2];
            Operand<TFloat32> xx = withPast(s, x, path, kt - 1, batch, f, ci);
            int left = (kf - 1) / 2;
            int right = kf - 1 - left;
            if (kf > 1) xx = s.pad(xx, s.constant(new int[][] {{0, 0}, {0, 0}, {left, right}, {0, 0}}), s.constant(0f));
            return valid(s, xx, path, batch, dim(s, x, 1), f);
        }

        /**
         * Transposed conv, JAX semantics (input frame i feeds outputs i*s + m with tap K[k-1-m]), as one stride-1
         * conv in sub-pixel form ({@link SubPixelKernel}) whose phases are then interleaved. Time: causal, output
         * frames q*st..q*st+st-1 need inputs q-Dt+1..q, so the last Dt-1 input frames are carried. Freq: "same",
         * i.e. the full scatter (length (f-1)*sf+kf) cropped from k-1-ceil((k+s-2)/2).
         */
        Operand<TFloat32> transposedConv(Operand<TFloat32> x, SpectroStreamConfig.DecoderBlock b, int batch, int f) {
            String path = SpectroStreamWeights.transposedName(b);
            Ops s = scoped(path);
            int st = b.strideTime(), sf = b.strideFreq(), kf = b.kernelFreq(), co = b.outChannels();
            int dt = SubPixelKernel.taps(b.kernelTime(), st), df = SubPixelKernel.taps(kf, sf), ci = b.inChannels();
            int start = kf - 1 - (kf + sf - 1) / 2; // first kept index of the full scatter
            int qlo = start / sf, qhi = (start + f * sf - 1) / sf; // sub-pixel positions that cover the kept range
            int leftPad = df - 1 - qlo, rightPad = Math.max(0, qhi - (f - 1));
            if (leftPad < 0) throw new IllegalArgumentException(path + ": freq kernel too small for its stride");
            Operand<TFloat32> xx = withPast(s, x, path, dt - 1, batch, f, ci);
            if (leftPad + rightPad > 0) {
                xx = s.pad(xx, s.constant(new int[][] {{0, 0}, {0, 0}, {leftPad, rightPad}, {0, 0}}), s.constant(0f));
            }
            int fq = f - qlo + rightPad; // sub-pixel positions computed
            Operand<TFloat32> y = valid(s, xx, path, batch, dim(s, x, 1), fq);
            if (st > 1) {
                y = s.reshape(y, s.constant(new int[] {batch, -1, fq, st, sf * co}));
                y = s.linalg.transpose(y, s.constant(new int[] {0, 1, 3, 2, 4}));
            }
            y = s.reshape(y, s.constant(new int[] {batch, -1, fq * sf, co}));
            int from = start - qlo * sf;
            if (from == 0 && fq * sf == f * sf) return y;
            return s.slice(y, s.constant(new int[] {0, 0, from, 0}), s.constant(new int[] {-1, -1, f * sf, -1}));
        }

        /** Nearest-neighbour upsampling by (st, sf). */
        Operand<TFloat32> upsample(Operand<TFloat32> x, int st, int sf, int batch, int f) {
            if (st == 1 && sf == 1) return x;
            int ch = (int) x.shape().get(3);
            Operand<TFloat32> r = t.reshape(x, t.constant(new int[] {batch, -1, 1, f, 1, ch}));
            r = t.tile(r, t.constant(new int[] {1, 1, st, 1, sf, 1}));
            return t.reshape(r, t.constant(new int[] {batch, -1, f * sf, ch}));
        }

        /** Transposed residual unit: ELU, transposed conv, ELU, 3x3; shortcut [1x1 if widths differ] + upsample. */
        Operand<TFloat32> residualBlock(Operand<TFloat32> x, SpectroStreamConfig.DecoderBlock b, int batch, int f) {
            Operand<TFloat32> body = transposedConv(t.nn.elu(x), b, batch, f);
            body = causalConv(t.nn.elu(body), b.name() + "/conv2d_3x3", batch, f * b.strideFreq());
            Operand<TFloat32> sc = b.inChannels() != b.outChannels() ? conv1x1(x, b.name() + "/shortcut_layer/conv1x1") : x;
            return t.math.add(body, upsample(sc, b.strideTime(), b.strideFreq(), batch, f));
        }
    }

    @Override
    public void close() {
        if (session != null) session.close();
        graph.close();
    }
}
