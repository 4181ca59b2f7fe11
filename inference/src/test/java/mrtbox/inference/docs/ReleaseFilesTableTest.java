package mrtbox.inference.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamEncoderWeights;
import mrtbox.inference.codec.SpectroStreamWeights;
import mrtbox.inference.codec.savedmodel.SpectroStreamSavedModels;
import mrtbox.inference.mrt2.Mrt2Config;
import mrtbox.inference.mrt2.Mrt2Params;
import mrtbox.inference.mrtv1.MrtV1Config;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.style.TfliteMusicCoca;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/codec-and-style.md "Release files" kept true: every row complete, the files it names are the ones the code
 * reads and writes, its tensor counts are the ones the loaders derive, and every health line it promises is one the
 * code says.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReleaseFilesTableTest {
    private static final Path ROOT = Path.of(System.getProperty("mrtbox.repo.root", ".."));

    private static String doc() throws IOException {
        return Files.readString(ROOT.resolve("docs/codec-and-style.md"));
    }

    /** The text of the section headed {@code heading}, up to the next {@code ## } heading. */
    private static String section(String doc, String heading) {
        int start = doc.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "docs/codec-and-style.md has no section '" + heading + "'");
        int end = doc.indexOf("\n## ", start + heading.length() + 2);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    /** The rows (cells, stripped) of the first table in {@code text} whose header starts with {@code header}. */
    private static List<List<String>> table(String text, String header) {
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (!in) {
                in = line.startsWith("| " + header);
                continue;
            }
            if (!line.startsWith("|")) break;
            if (line.startsWith("|---")) continue;
            // cells split at '|' outside backticks
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean code = false;
            for (char c : line.substring(1).toCharArray()) {
                if (c == '`') code = !code;
                if (c == '|' && !code) {
                    cells.add(cell.toString().strip());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            rows.add(cells);
        }
        assertFalse(rows.isEmpty(), "no table with header '" + header + "'");
        return rows;
    }

    private static List<List<String>> releaseRows() throws IOException {
        return table(section(doc(), "## Release files: what is assumed, how it is checked, what happens otherwise"), "file (release layout) | assumed | checked | otherwise");
    }

    private static String rowFor(List<List<String>> rows, String file) {
        return rows.stream().filter(r -> r.get(0).contains(file)).map(r -> String.join(" | ", r)).findFirst()
                .orElseThrow(() -> new AssertionError("the release-file table has no row for " + file));
    }

    @Test
    void everyRowSaysWhatIsAssumedCheckedAndWhatHappensOtherwise() throws IOException {
        for (List<String> row : releaseRows()) {
            assertEquals(4, row.size(), "four cells: " + row);
            for (String cell : row) assertFalse(cell.isEmpty(), "no empty cell: " + row);
        }
    }

    @Test
    void theTableNamesTheFilesTheCodeReads(@TempDir Path dir) throws IOException {
        List<List<String>> rows = releaseRows();
        for (String part : List.of(SpectroStreamSavedModels.ENCODER, SpectroStreamSavedModels.DECODER, SpectroStreamSavedModels.QUANTIZER)) {
            rowFor(rows, "ssv2_48k_stereo/" + part + "/");
        }
        // the MRT2 codec files, as the project's writers name them (the loaders read the same names, tested elsewhere)
        SpectroStreamWeights.random(SpectroStreamConfig.tiny(), 1).write(dir);
        SpectroStreamEncoderWeights.random(SpectroStreamConfig.tiny(), 1).write(dir);
        TreeSet<String> written = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> written.add(p.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(List.of("decoder.safetensors", "encoder.safetensors", "quantizer.safetensors")), written);
        for (String f : written) {
            assertTrue(rows.stream().anyMatch(r -> r.get(0).contains("resources/spectrostream/") && r.get(0).contains("`" + f) || r.get(0).contains("/" + f + "`")),
                    "the release-file table names resources/spectrostream/" + f);
        }
        rowFor(rows, "resources/musiccoca/" + TfliteMusicCoca.SPM);
        rowFor(rows, "resources/musiccoca/*.tflite");

        List<List<String>> musiccoca = table(section(doc(), "## MRT2 MusicCoCa (TensorFlow Lite)"), "File | How it is used");
        List<String> documented = musiccoca.stream().map(r -> r.get(0).replaceAll("[`()]|optional", "").strip()).toList();
        for (String f : List.of(TfliteMusicCoca.SPM, TfliteMusicCoca.TEXT_ENCODER, TfliteMusicCoca.MAPPER, TfliteMusicCoca.AUDIO_PREPROCESSOR,
                TfliteMusicCoca.MUSIC_ENCODER, TfliteMusicCoca.QUANTIZER)) {
            assertTrue(documented.contains(f), f + " in the MusicCoCa table " + documented);
        }
    }

    @Test
    void theSizesItStatesAreTheOnesTheLoadersDerive() throws IOException {
        String text = section(doc(), "## Release files: what is assumed, how it is checked, what happens otherwise").replaceAll("\\s+", " ");
        Matcher m = Pattern.compile("MRT v1 base (\\d+) tensors / ([\\d.]+) M parameters, large (\\d+) / ([\\d.]+) M, MRT2 base (\\d+) including the codec's (\\d+)")
                .matcher(text);
        assertTrue(m.find(), "the sizes sentence");
        Map<String, long[]> base = MrtV1Models.tensorShapes(MrtV1Config.base());
        Map<String, long[]> large = MrtV1Models.tensorShapes(MrtV1Config.large());
        assertEquals(base.size(), Integer.parseInt(m.group(1)), "MRT v1 base tensors");
        assertEquals(Math.round(params(base) / 1e5) / 10.0, Double.parseDouble(m.group(2)), "MRT v1 base M parameters");
        assertEquals(large.size(), Integer.parseInt(m.group(3)), "MRT v1 large tensors");
        assertEquals(Math.round(params(large) / 1e5) / 10.0, Double.parseDouble(m.group(4)), "MRT v1 large M parameters (" + params(large) + ")");
        assertEquals(Mrt2Params.rawCheckpoint(Mrt2Config.base(), SpectroStreamConfig.real()).size(), Integer.parseInt(m.group(5)), "MRT2 base tensors");
        int codec = SpectroStreamWeights.rawCheckpointShapes(SpectroStreamConfig.real()).size();
        assertEquals(codec, Integer.parseInt(m.group(6)), "codec tensors");

        String row = rowFor(releaseRows(), "checkpoints/<name>.safetensors");
        Matcher r = Pattern.compile("\\((\\d+) tensors for base\\).*\\((\\d+)\\)").matcher(row);
        assertTrue(r.find(), row);
        assertEquals(Mrt2Params.shapes(Mrt2Config.base()).size(), Integer.parseInt(r.group(1)), "MRT2 base Depthformer tensors");
        assertEquals(codec, Integer.parseInt(r.group(2)), "codec tensors in the row");
    }

    /** Every health line the table promises ({@code degraded: <words>: <reason>}) is one the code builds. */
    @Test
    void theHealthLinesItPromisesAreOnesTheCodeSays() throws IOException {
        StringBuilder sources = new StringBuilder();
        for (String module : List.of("inference", "appliance")) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".java")).toList()) sources.append(Files.readString(p));
            }
        }
        Matcher m = Pattern.compile("`degraded: ([a-z ]+): <reason>`").matcher(String.join("\n", releaseRows().stream().map(r -> r.get(3)).toList()));
        int found = 0;
        while (m.find()) {
            found++;
            assertTrue(sources.indexOf("\"" + m.group(1) + ": \"") >= 0, "the code says '" + m.group(1) + ": ...'");
        }
        assertTrue(found >= 2, "the table promises the style model's and the injection's health lines");
    }

    private static long params(Map<String, long[]> shapes) {
        long n = 0;
        for (long[] s : shapes.values()) {
            long p = 1;
            for (long d : s) p *= d;
            n += p;
        }
        return n;
    }
}
