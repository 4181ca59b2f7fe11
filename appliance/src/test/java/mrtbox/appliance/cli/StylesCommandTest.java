package mrtbox.appliance.cli;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import mrtbox.appliance.state.StateStore;
import mrtbox.appliance.styles.KMeans;
import mrtbox.appliance.styles.StyleLibrary;
import mrtbox.appliance.styles.StylesFile;
import mrtbox.inference.style.AudioPrompts;
import mrtbox.inference.style.TinyStyleEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mrtbox styles build|list|delete} on a folder of generated tones, with the tiny model's style embedder. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class StylesCommandTest {
    @TempDir
    Path tmp;

    private String run(int expectedExit, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            assertEquals(expectedExit, MrtboxCommand.commandLine().execute(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void buildsAStyleFromTonesSkippingWhatIsNotAudio() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("my-loops"));
        // Two loud and two quiet tones: the tiny embedder projects block energies, so they make two clusters.
        StylesCommandTestTones.writeTone(folder.resolve("a-loud-220.wav"), 220, 0.9, 1);
        StylesCommandTestTones.writeTone(folder.resolve("b-quiet-330.wav"), 330, 0.05, 1);
        StylesCommandTestTones.writeTone(folder.resolve("c-loud-440.wav"), 440, 0.8, 1);
        StylesCommandTestTones.writeTone(folder.resolve("d-quiet-550.wav"), 550, 0.06, 10.5);
        Files.writeString(folder.resolve("notes.txt"), "not audio");
        byte[] wav = Files.readAllBytes(folder.resolve("a-loud-220.wav"));
        Files.write(folder.resolve("e-broken.wav"), java.util.Arrays.copyOf(wav, 30)); // a RIFF header cut short
        String state = tmp.resolve("state").toString();

        String out = run(0, "styles", "--state-dir", state, "build", folder.toString(), "--name", "mine", "--clusters", "2", "--model", "tiny-v1");
        assertTrue(out.contains("style 'mine': 4 files, mean and 2 centroids (64-d, tiny-style-random-seed1-d64)"), out);
        assertTrue(out.contains("2 file(s) skipped:"), out);
        assertTrue(out.contains("  notes.txt: not an audio file that can be decoded (WAV, AIFF, AU, FLAC, Ogg Vorbis or MP3 expected)"), out);
        assertTrue(out.contains("  e-broken.wav: "), out);

        // The stored vectors are the mean and the k-means centroids of the files' embeddings.
        TinyStyleEmbedder embedder = new TinyStyleEmbedder(1, 64, 16000, 160000);
        List<float[]> e = new ArrayList<>();
        for (String f : List.of("a-loud-220.wav", "b-quiet-330.wav", "c-loud-440.wav", "d-quiet-550.wav")) {
            e.add(AudioPrompts.embed(embedder, folder.resolve(f)));
        }
        float[] mean = new float[64];
        for (float[] v : e) for (int d = 0; d < 64; d++) mean[d] += v[d] / 4;
        StyleLibrary library = new StyleLibrary(new StateStore(tmp.resolve("state"), Clock.systemUTC()));
        StylesFile.PersonalStyle s = library.find("mine").orElseThrow();
        assertEquals(List.of("a-loud-220.wav", "b-quiet-330.wav", "c-loud-440.wav", "d-quiet-550.wav"), s.files());
        assertArrayEquals(mean, s.mean(), 1e-5f);
        KMeans.Result expected = KMeans.cluster(e, 2, 0);
        assertEquals(2, s.centroids().size());
        assertArrayEquals(expected.centroids().get(0), s.centroids().get(0), 1e-6f);
        assertArrayEquals(expected.centroids().get(1), s.centroids().get(1), 1e-6f);
        // Loud tones together, quiet tones together.
        int[] a = expected.assignment();
        assertTrue(a[0] == a[2] && a[1] == a[3] && a[0] != a[1], java.util.Arrays.toString(a));

        out = run(0, "styles", "--state-dir", state, "list");
        assertTrue(out.contains(":mine") && out.contains(" 2 centroids") && out.contains("4 files"), out);

        out = run(2, "styles", "--state-dir", state, "build", folder.toString(), "--name", "MINE", "--model", "tiny-v1");
        assertTrue(out.contains("a style named 'mine' already exists") && out.contains("--replace"), out);
        out = run(2, "styles", "--state-dir", state, "build", folder.toString(), "--name", "live", "--model", "tiny-v1");
        assertTrue(out.contains("'live' is reserved: :live is the live audio input"), out);
        out = run(2, "styles", "--state-dir", state, "build", folder.toString(), "--name", "bad name", "--model", "tiny-v1");
        assertTrue(out.contains("style name 'bad name' is not usable"), out);
        out = run(0, "styles", "--state-dir", state, "build", folder.toString(), "--name", "mine", "--replace", "--clusters", "9", "--model", "tiny-v1");
        assertTrue(out.contains("mean and 4 centroids"), "fewer files than clusters: one centroid per file\n" + out);

        out = run(2, "styles", "--state-dir", state, "delete", "other");
        assertTrue(out.contains("no personal style named 'other'"), out);
        out = run(0, "styles", "--state-dir", state, "delete", "mine");
        assertTrue(out.contains("deleted style 'mine'"), out);
        assertTrue(run(0, "styles", "--state-dir", state, "list").contains("no personal styles yet"));
    }

    @Test
    void aFolderWithoutAudioAndACorruptLibraryAreReported() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("texts"));
        Files.writeString(folder.resolve("readme.txt"), "no audio here");
        Path state = Files.createDirectories(tmp.resolve("state"));
        String out = run(2, "styles", "--state-dir", state.toString(), "build", folder.toString(), "--name", "x", "--model", "tiny-v1");
        assertTrue(out.contains("no usable audio file (1 files, all skipped"), out);

        Files.writeString(state.resolve("styles.json"), "{\"version\": 1, \"styles\": [ {\"name\": \"x\"");
        out = run(0, "styles", "--state-dir", state.toString(), "list");
        assertTrue(out.contains("warning: ") && out.contains("styles.json") && out.contains("the file was kept as"), out);
        try (var files = Files.list(state)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("styles.json.") && p.toString().endsWith(".bak")));
        }
    }

    @Test
    void anAxisFileGivesTheAxesAndNamedVectors() throws Exception {
        float[] c0 = new float[64], c1 = new float[64], pad = new float[64];
        for (int d = 0; d < 64; d++) {
            c0[d] = d == 0 ? 1 : 0;
            c1[d] = 0.01f * d;
            pad[d] = -0.5f;
        }
        Path file = tmp.resolve("pca.safetensors");
        new mrtbox.inference.weights.SafetensorsWriter()
                .put("component_0", new long[] {64}, c0).put("component_1", new long[] {64}, c1)
                .put("warm_pad", new long[] {64}, pad).put("short", new long[] {10}, new float[10]).write(file);
        String state = tmp.resolve("state").toString();
        String out = run(0, "styles", "--state-dir", state, "axes", file.toString(), "--model", "tiny-mrt2");
        assertTrue(out.contains("2 style axes imported for tiny-style-random-seed1-d64"), out);
        assertTrue(out.contains("style :warm_pad imported"), out);
        assertTrue(out.contains("skipped short: 10 values, the style model uses 64"), out);

        StyleLibrary library = new StyleLibrary(new StateStore(tmp.resolve("state"), Clock.systemUTC()));
        mrtbox.control.param.ParameterRegistry registry = new mrtbox.control.param.ParameterRegistry();
        registry.registerAll(mrtbox.appliance.styles.StyleSpaceParams.all());
        mrtbox.appliance.styles.StyleAxes axes = new mrtbox.appliance.styles.StyleAxes(registry, library, "tiny-style-random-seed1-d64");
        assertEquals(2, axes.axes().size());
        assertArrayEquals(c0, axes.axes().get(0));
        assertArrayEquals(c1, axes.axes().get(1));
        assertArrayEquals(pad, library.find("warm_pad").orElseThrow().mean());
        assertTrue(run(0, "styles", "--state-dir", state, "list").contains("axes: 2 imported from pca.safetensors"));

        out = run(0, "styles", "--state-dir", state, "axes", "--clear", "--model", "tiny-v1");
        assertTrue(out.contains("the style axes follow the PCA of your styles again"), out);
        library.reloadIfChanged();
        axes.refresh();
        assertEquals(0, axes.axes().size(), "one stored style: no spread, no PCA axis");
        out = run(0, "styles", "--state-dir", state, "axes", file.toString(), "--model", "tiny-v1");
        assertTrue(out.contains("style warm_pad skipped: a style named 'warm_pad' already exists"), out);
    }
}
