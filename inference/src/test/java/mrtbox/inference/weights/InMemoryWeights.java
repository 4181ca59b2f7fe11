package mrtbox.inference.weights;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Weights held in memory, for tests that build or edit a checkpoint's tensors (test scope only). */
public final class InMemoryWeights implements WeightSource {
    private final String location;
    private final Map<String, FloatTensor> tensors = new LinkedHashMap<>();

    public InMemoryWeights(String location) {
        this.location = location;
    }

    /** Copies every tensor of {@code source}. */
    public static InMemoryWeights copyOf(WeightSource source) throws java.io.IOException {
        InMemoryWeights w = new InMemoryWeights("copy of " + source.location());
        for (String name : source.names()) w.put(source.read(name));
        return w;
    }

    public InMemoryWeights put(FloatTensor t) {
        tensors.put(t.name(), t);
        return this;
    }

    public InMemoryWeights put(String name, long[] shape, float[] values) {
        return put(new FloatTensor(name, shape, java.nio.FloatBuffer.wrap(values)));
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    @Override
    public long[] shape(String name) throws WeightException {
        return get(name).shape();
    }

    @Override
    public FloatTensor read(String name) throws WeightException {
        FloatTensor t = get(name);
        return new FloatTensor(name, t.shape(), t.data().duplicate());
    }

    private FloatTensor get(String name) throws WeightException {
        FloatTensor t = tensors.get(name);
        if (t == null) throw new WeightException(location + ": tensor '" + name + "' missing (have " + tensors.size() + ")");
        return t;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "InMemoryWeights[" + location + ", " + tensors.size() + " tensors: " + Arrays.toString(tensors.keySet().toArray()) + "]";
    }
}
