package mrtbox.inference.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import mrtbox.inference.conformance.ConformanceCase;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.conformance.NpyArray;
import mrtbox.inference.style.MusicCocaText;

/**
 * Golden cases of kind {@code sentencepiece}: every prompt's ids and pieces from the model file, the MusicCoCa
 * packing (ids and paddings, also as the .npy arrays) and, where given, the ASCII-lowered variant. All exact.
 */
public final class SentencePieceCase implements ConformanceCase {
    @Override
    public String kind() {
        return "sentencepiece";
    }

    @Override
    public ConformanceResult run(Path caseDir, JsonNode config) throws Exception {
        JsonNode details = new ObjectMapper().readTree(caseDir.resolve(config.path("details").asText("cases.json")).toFile());
        SentencePieceTokenizer spm = SentencePieceTokenizer.load(caseDir.resolve(details.path("model").asText("spm.model")));
        MusicCocaText unicode = new MusicCocaText(spm, MusicCocaText.Lowering.UNICODE);
        MusicCocaText ascii = new MusicCocaText(spm, MusicCocaText.Lowering.ASCII);
        JsonNode cases = details.path("cases");
        NpyArray packedNpy = NpyArray.read(caseDir.resolve("packed_ids.npy")).expectShape(cases.size(), MusicCocaText.MAX_LEN);
        NpyArray paddingsNpy = NpyArray.read(caseDir.resolve("paddings.npy")).expectShape(cases.size(), MusicCocaText.MAX_LEN);
        int[] packedAll = packedNpy.ints();
        float[] paddingsAll = paddingsNpy.floats();
        int idMismatches = 0, pieceMismatches = 0, packMismatches = 0, asciiMismatches = 0, asciiChecked = 0, truncated = 0;
        String firstFailure = null;
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            String text = c.path("text").asText();
            String lowered = MusicCocaText.lower(text, MusicCocaText.Lowering.UNICODE);
            int[] ids = spm.encodeAsIds(lowered);
            int[] expectIds = ints(c.path("ids"));
            boolean ok = true;
            if (!lowered.equals(c.path("lowered").asText()) || !Arrays.equals(ids, expectIds)) {
                idMismatches++;
                ok = false;
            }
            if (c.has("pieces") && !spm.encodeAsPieces(lowered).equals(strings(c.path("pieces")))) {
                pieceMismatches++;
                ok = false;
            }
            MusicCocaText.Packed p = unicode.pack(text);
            if (p.truncated()) truncated++;
            int[] expectPacked = Arrays.copyOfRange(packedAll, i * MusicCocaText.MAX_LEN, (i + 1) * MusicCocaText.MAX_LEN);
            float[] expectPad = Arrays.copyOfRange(paddingsAll, i * MusicCocaText.MAX_LEN, (i + 1) * MusicCocaText.MAX_LEN);
            if (!Arrays.equals(p.ids(), expectPacked) || !Arrays.equals(p.paddings(), expectPad)
                    || !Arrays.equals(p.ids(), ints(c.path("packed_ids")))) {
                packMismatches++;
                ok = false;
            }
            if (c.has("ascii_ids")) {
                asciiChecked++;
                boolean a = MusicCocaText.lower(text, MusicCocaText.Lowering.ASCII).equals(c.path("ascii_lowered").asText())
                        && Arrays.equals(spm.encodeAsIds(MusicCocaText.lower(text, MusicCocaText.Lowering.ASCII)), ints(c.path("ascii_ids")))
                        && (!c.has("ascii_packed_ids") || Arrays.equals(ascii.pack(text).ids(), ints(c.path("ascii_packed_ids"))));
                if (!a) {
                    asciiMismatches++;
                    ok = false;
                }
            }
            if (!ok && firstFailure == null) {
                firstFailure = "prompt " + i + " " + quote(text) + ": expected " + Arrays.toString(expectIds) + " got " + Arrays.toString(ids);
            }
        }
        int failures = idMismatches + pieceMismatches + packMismatches + asciiMismatches;
        String line = "sentencepiece " + caseDir.getFileName() + ": " + cases.size() + " prompts, ids exact "
                + (cases.size() - idMismatches) + "/" + cases.size() + ", pieces mismatched " + pieceMismatches
                + ", packing mismatched " + packMismatches + " (" + truncated + " truncated to 127 ids), ascii-lowered "
                + (asciiChecked - asciiMismatches) + "/" + asciiChecked + ", normalizer " + spm.normalizerName();
        return failures == 0 ? ConformanceResult.pass(line) : ConformanceResult.fail(line + "; first failure: " + firstFailure);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch < 0x20 || ch > 0x7E) b.append(String.format("\\u%04x", (int) ch)); else b.append(ch);
        }
        return b.append('"').toString();
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = arr.get(i).asInt();
        return out;
    }

    private static java.util.List<String> strings(JsonNode arr) {
        java.util.List<String> out = new java.util.ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
