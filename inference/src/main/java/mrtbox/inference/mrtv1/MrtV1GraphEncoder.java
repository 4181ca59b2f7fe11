package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.ENCODER_LENGTH;

import java.io.IOException;
import java.nio.FloatBuffer;
import mrtbox.inference.tf.TfSessions;
import mrtbox.inference.weights.WeightSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The MRT v1 encoder alone in TensorFlow (a large matmul workload, near TF's matmul peak), with the temporal layers'
 * cross-attention key and value projections of its output: the part of the LLM that runs once per chunk, for an engine
 * whose decoder steps run elsewhere ({@link DepthformerKernelLlm}). The same graph code as {@link DepthformerLlm}'s
 * encoder, so the two engines see the same encoder output. Not thread-safe.
 */
final class MrtV1GraphEncoder implements AutoCloseable {
    /** Receives one temporal layer's cross-attention keys and values, each [2, H, Dh, 1006] (valid during the call). */
    interface CrossSink {
        void accept(int layer, float[] keysT, float[] valuesT);
    }

    private final MrtV1Config c;
    private final Graph graph;
    private final Session session;
    private final DepthformerGraph g;
    private final float[] keys, values;

    private MrtV1GraphEncoder(MrtV1Config c) {
        this.c = c;
        this.graph = new Graph();
        this.g = DepthformerGraph.encoderOnly(graph, c);
        this.session = TfSessions.open(graph);
        int n = DepthformerGraph.BATCH * c.attentionWidth() * ENCODER_LENGTH;
        this.keys = new float[n];
        this.values = new float[n];
    }

    static MrtV1GraphEncoder load(WeightSource weights, MrtV1Config c) throws IOException {
        MrtV1GraphEncoder e = new MrtV1GraphEncoder(c);
        try {
            GraphWeightLoader batch = new GraphWeightLoader(e.session, e.g);
            for (DepthformerParams.Param p : DepthformerParams.all(c)) {
                if (DepthformerParams.isEncoderSide(p.name())) batch.add(p.name(), p.shape(), weights.read(p.name(), p.shape()).data());
            }
            batch.add(DepthformerGraph.PE, new long[] {ENCODER_LENGTH, c.dModel()}, FloatBuffer.wrap(Blocks.sinusoidTable(ENCODER_LENGTH, c.dModel())));
            batch.flush();
            return e;
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    /**
     * Encodes [2, 1006] ids and hands every temporal layer's cross keys and values to {@code sink}, layer by layer.
     *
     * @param encoderOut null, or [2 * 1006 * d] to receive the encoder output (after encoder_norm)
     */
    void encode(int[] encoderIds, float[] encoderOut, CrossSink sink) {
        if (encoderIds.length != 2 * ENCODER_LENGTH) throw new IllegalArgumentException("encoder ids: " + encoderIds.length + ", expected " + 2 * ENCODER_LENGTH);
        try (TInt32 ids = TInt32.tensorOf(Shape.of(2, ENCODER_LENGTH), DataBuffers.of(encoderIds, true, false))) {
            Session.Runner r = session.runner().feed(g.encIds, ids);
            for (Operand<TFloat32> o : g.crossOut) r.fetch(o);
            if (encoderOut != null) r.fetch(g.encOut);
            try (Result res = r.run()) {
                for (int l = 0; l < c.temporalLayers(); l++) {
                    ((TFloat32) res.get(2 * l)).copyTo(DataBuffers.of(keys, false, false));
                    ((TFloat32) res.get(2 * l + 1)).copyTo(DataBuffers.of(values, false, false));
                    sink.accept(l, keys, values);
                }
                if (encoderOut != null) ((TFloat32) res.get(g.crossOut.size())).copyTo(DataBuffers.of(encoderOut, false, false));
            }
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
