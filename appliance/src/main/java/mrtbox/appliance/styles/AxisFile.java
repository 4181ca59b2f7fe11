package mrtbox.appliance.styles;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.SafetensorsFile;

/**
 * An axis file as MRT2's {@code load_pca_file} reads it: a safetensors file whose tensors {@code component_0} ..
 * {@code component_5} are the style axes and whose other tensors of the embedding's size are named style vectors
 * ({@code :name} in the app). Both are read here for one style model; anything else is listed as skipped.
 */
public final class AxisFile {
    private static final Pattern COMPONENT = Pattern.compile("component_(\\d+)");

    private AxisFile() {}

    /**
     * @param axes    the components in index order (at most {@link StyleSpaceParams#AXES})
     * @param styles  the named vectors as styles (a mean, no centroids)
     * @param skipped tensors left out, with the reason
     */
    public record Contents(StylesFile.AxisSet axes, List<StylesFile.PersonalStyle> styles, List<String> skipped) {}

    public static Contents read(Path file, String styleModelId, int dim, Instant now) throws IOException {
        TreeMap<Integer, float[]> components = new TreeMap<>();
        List<StylesFile.PersonalStyle> styles = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            for (String name : new java.util.TreeSet<>(st.names())) {
                float[] v;
                try {
                    FloatTensor t = st.read(name);
                    v = t.toArray();
                } catch (IOException | RuntimeException e) {
                    skipped.add(name + ": " + e.getMessage());
                    continue;
                }
                if (v.length != dim) {
                    skipped.add(name + ": " + v.length + " values, the style model uses " + dim);
                    continue;
                }
                Matcher m = COMPONENT.matcher(name);
                if (m.matches()) {
                    int index = Integer.parseInt(m.group(1));
                    if (index < StyleSpaceParams.AXES) components.put(index, v);
                    else skipped.add(name + ": only " + StyleSpaceParams.AXES + " axes are used");
                    continue;
                }
                try {
                    styles.add(new StylesFile.PersonalStyle(name, styleModelId, now.toString(), v, List.of(), List.of(file.getFileName().toString())));
                } catch (IllegalArgumentException e) {
                    skipped.add(name + ": " + e.getMessage());
                }
            }
        }
        StylesFile.AxisSet axes = components.isEmpty() ? null
                : new StylesFile.AxisSet(styleModelId, file.getFileName().toString(), new ArrayList<>(components.values()));
        return new Contents(axes, styles, skipped);
    }
}
