package mrtbox.appliance.styles;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import mrtbox.appliance.state.DocumentType;

/**
 * {@code styles.json}: the personal styles, each a name, the style model that embedded it, the mean of its files'
 * embeddings and its k-means centroids. Written atomically by {@code mrtbox styles build}; an unusable file is
 * kept as a backup and reported (the state store's rules). Validated on read.
 */
public record StylesFile(List<PersonalStyle> styles, List<AxisSet> axisSets) {
    public static final DocumentType<StylesFile> TYPE = DocumentType.of("styles.json", 1, StylesFile.class, () -> new StylesFile(List.of(), List.of()));

    /**
     * Style axes loaded from a file (MRT2's PCA safetensors, {@code component_0..5}), used instead of the PCA of the
     * stored styles for the style model they were imported for. Each axis is added as stored, times its coefficient.
     */
    public record AxisSet(String styleModelId, String source, List<float[]> axes) {
        public AxisSet {
            if (styleModelId == null || styleModelId.isBlank()) throw new IllegalArgumentException("an axis set names no style model");
            source = source == null ? "" : source;
            axes = axes == null ? List.of() : axes.stream().map(float[]::clone).toList();
            for (int i = 0; i < axes.size(); i++) {
                PersonalStyle.checkVector("axes of " + source, "axis " + (i + 1), axes.get(i), axes.get(0).length);
            }
        }

        /** Copies: stored vectors never change. */
        @Override
        public List<float[]> axes() {
            return axes.stream().map(float[]::clone).toList();
        }
    }

    /**
     * One named style.
     *
     * @param name         {@link StyleNames#check checked} name, used as {@code :NAME}
     * @param styleModelId the embedder that made the vectors; they fit no other
     * @param created      ISO-8601 instant
     * @param mean         mean of the files' embeddings ({@code :NAME})
     * @param centroids    k-means centroids, largest cluster first ({@code :NAME/1}, {@code :NAME/2}, ...)
     * @param files        the audio files it was built from (names relative to the folder)
     */
    public record PersonalStyle(String name, String styleModelId, String created, float[] mean, List<float[]> centroids, List<String> files) {
        public PersonalStyle {
            name = StyleNames.check(name);
            if (styleModelId == null || styleModelId.isBlank()) throw new IllegalArgumentException("style '" + name + "' names no style model");
            if (mean == null || mean.length == 0) throw new IllegalArgumentException("style '" + name + "' has no mean vector");
            mean = mean.clone();
            centroids = centroids == null ? List.of() : centroids.stream().map(c -> c == null ? null : c.clone()).toList();
            files = files == null ? List.of() : List.copyOf(files);
            created = created == null ? "" : created;
            checkVector(name, "mean", mean, mean.length);
            for (int i = 0; i < centroids.size(); i++) checkVector(name, "centroid " + (i + 1), centroids.get(i), mean.length);
        }

        /** A copy: the stored vectors never change. */
        @Override
        public float[] mean() {
            return mean.clone();
        }

        /** Copies: the stored vectors never change. */
        @Override
        public List<float[]> centroids() {
            return centroids.stream().map(float[]::clone).toList();
        }

        /** The vector {@code :NAME} (index 0) or {@code :NAME/index} (1-based centroid) names. */
        public float[] vector(int index) {
            return (index == 0 ? mean : centroids.get(index - 1)).clone();
        }

        static void checkVector(String name, String what, float[] v, int dim) {
            if (v == null || v.length != dim) {
                throw new IllegalArgumentException("style '" + name + "': " + what + " has " + (v == null ? 0 : v.length) + " values, the mean " + dim);
            }
            for (float f : v) if (!Float.isFinite(f)) throw new IllegalArgumentException("style '" + name + "': " + what + " holds " + f);
        }
    }

    public StylesFile(List<PersonalStyle> styles) {
        this(styles, List.of());
    }

    public StylesFile {
        styles = styles == null ? List.of() : List.copyOf(styles);
        axisSets = axisSets == null ? List.of() : List.copyOf(axisSets);
        Set<String> models = new TreeSet<>();
        for (AxisSet a : axisSets) {
            if (!models.add(a.styleModelId())) throw new IllegalArgumentException("two axis sets for the style model " + a.styleModelId());
        }
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (PersonalStyle s : styles) {
            if (!seen.add(s.name())) throw new IllegalArgumentException("two styles are named '" + s.name() + "'");
        }
    }
}
