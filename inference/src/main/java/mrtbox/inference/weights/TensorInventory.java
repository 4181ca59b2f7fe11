package mrtbox.inference.weights;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A checkpoint held against the tensor list a model derives from its architecture: how many tensors, parameters and
 * stored bytes it has, and which expected tensors are missing or mis-shaped and which stored ones nothing reads. A
 * wrong derivation of the architecture shows up here as missing or unexpected tensors instead of loading cleanly and
 * sounding wrong.
 *
 * @param location    the checkpoint, for messages
 * @param tensors     tensors stored in the checkpoint, those outside the model not counted
 * @param parameters  their element count
 * @param bytes       their stored size in bytes
 * @param expected    tensors the model reads
 * @param missing     expected tensors the checkpoint lacks
 * @param misshaped   expected tensors stored with another shape ("name [a, b], expected [c, d]")
 * @param unexpected  stored tensors the model does not read
 * @param outside     stored tensors known to belong to something else (training state, a codec read by its own loader)
 */
public record TensorInventory(String location, int tensors, long parameters, long bytes, int expected, List<String> missing,
                              List<String> misshaped, List<String> unexpected, List<String> outside) {

    public TensorInventory {
        missing = List.copyOf(missing);
        misshaped = List.copyOf(misshaped);
        unexpected = List.copyOf(unexpected);
        outside = List.copyOf(outside);
    }

    /** Compares every tensor of {@code source} with {@code expected} (name to shape). */
    public static TensorInventory of(WeightSource source, Map<String, long[]> expected) throws IOException {
        return of(source, expected, name -> false);
    }

    /**
     * Compares every tensor of {@code source} with {@code expected} (name to shape); tensors {@code outside} names are
     * listed apart and not counted (an expected tensor is never outside).
     */
    public static TensorInventory of(WeightSource source, Map<String, long[]> expected, Predicate<String> outsideModel) throws IOException {
        long params = 0, bytes = 0;
        List<String> unexpected = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        TreeSet<String> stored = new TreeSet<>(source.names());
        for (String name : stored) {
            if (!expected.containsKey(name) && outsideModel.test(name)) {
                outside.add(name);
                continue;
            }
            long[] shape = source.shape(name);
            params += FloatTensor.elementCount(shape);
            bytes += source.storedBytes(name);
            long[] want = expected.get(name);
            if (want == null) unexpected.add(name);
            else if (!Arrays.equals(want, shape)) misshaped.add(name + " " + Arrays.toString(shape) + ", expected " + Arrays.toString(want));
        }
        List<String> missing = new ArrayList<>();
        for (String name : expected.keySet()) if (!stored.contains(name)) missing.add(name);
        return new TensorInventory(source.location(), stored.size() - outside.size(), params, bytes, expected.size(), missing, misshaped,
                unexpected, outside);
    }

    /** True when the checkpoint holds exactly the expected tensors with the expected shapes. */
    public boolean exact() {
        return missing.isEmpty() && misshaped.isEmpty() && unexpected.isEmpty();
    }

    /** One line: "430 tensors, 347.9 M parameters, 1391.7 MB (expected 430): 0 missing, 0 mis-shaped, 0 unexpected". */
    public String summary() {
        return String.format(Locale.ROOT, "%d tensors, %.1f M parameters, %.1f MB (expected %d): %d missing, %d mis-shaped, %d unexpected%s",
                tensors, parameters / 1e6, bytes / 1e6, expected, missing.size(), misshaped.size(), unexpected.size(),
                outside.isEmpty() ? "" : "; " + outside.size() + " outside the model not counted");
    }

    /** The summary, then one line per problem tensor. */
    public List<String> report() {
        List<String> out = new ArrayList<>();
        out.add(location + ": " + summary());
        missing.forEach(n -> out.add("missing: " + n));
        misshaped.forEach(n -> out.add("mis-shaped: " + n));
        unexpected.forEach(n -> out.add("unexpected: " + n));
        return out;
    }
}
