package mrtbox.appliance.styles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mrtbox.inference.style.AudioPrompts;
import mrtbox.inference.style.StyleEmbedder;

/**
 * Builds a personal style from a folder of recordings: every file (sub-folders included, in name order) is embedded
 * as an audio prompt is (mono, the model's rate, 10 s clips, mean over the clips), then the style is the mean of the
 * files' embeddings plus their {@link KMeans k-means} centroids. Files that are not audio or cannot be read are
 * skipped and listed with the reason; the others still make the style.
 */
public final class StyleBuilder {
    /** The fine-tune notebook's number of centroid sliders. */
    public static final int DEFAULT_CLUSTERS = 5;
    static final long SEED = 0;

    private final StyleEmbedder embedder;

    public StyleBuilder(StyleEmbedder embedder) {
        this.embedder = embedder;
    }

    /** A file left out and why. */
    public record Skipped(String file, String reason) {}

    /**
     * @param style    the new style
     * @param skipped  files left out
     * @param clusters centroids actually made (fewer than asked when there are fewer files)
     */
    public record Result(StylesFile.PersonalStyle style, List<Skipped> skipped, int clusters) {}

    /** Called after each file, for progress lines. */
    public interface Progress {
        void file(String name, String outcome);
    }

    public Result build(Path folder, String name, int clusters, Instant now, Progress progress) throws IOException {
        StyleNames.check(name);
        if (clusters < 1) throw new IllegalArgumentException("--clusters must be at least 1, got " + clusters);
        if (!Files.isDirectory(folder)) throw new IOException(folder + ": not a folder");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<float[]> embeddings = new ArrayList<>();
        List<String> used = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path f : files) {
            String rel = folder.relativize(f).toString();
            try {
                embeddings.add(AudioPrompts.embed(embedder, f));
                used.add(rel);
                progress.file(rel, "embedded");
            } catch (IOException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage().replace(f.toString() + ": ", "");
                skipped.add(new Skipped(rel, reason));
                progress.file(rel, "skipped: " + reason);
            }
        }
        if (embeddings.isEmpty()) {
            throw new IOException(folder + ": no usable audio file (" + files.size() + " files, all skipped; WAV, AIFF or AU expected)");
        }
        int dim = embedder.dim();
        float[] mean = new float[dim];
        for (float[] e : embeddings) for (int d = 0; d < dim; d++) mean[d] += e[d];
        for (int d = 0; d < dim; d++) mean[d] /= embeddings.size();
        int k = Math.min(clusters, embeddings.size());
        List<float[]> centroids = KMeans.cluster(embeddings, k, SEED).centroids();
        StylesFile.PersonalStyle style = new StylesFile.PersonalStyle(name, embedder.modelId(), now.toString(), mean, centroids, used);
        return new Result(style, skipped, k);
    }
}
