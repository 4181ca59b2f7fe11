package mrtbox.inference.text;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mrtbox.inference.GoldenFiles;
import mrtbox.inference.conformance.Conformance;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.style.MusicCocaText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class SentencePieceTokenizerTest {
    private static final Path CASE = GoldenFiles.caseDir("spm_a");

    @Test
    void goldenCaseSpmAPassesThroughTheDispatcher() throws Exception {
        ConformanceResult r = Conformance.standard().run(CASE);
        assertTrue(r.passed(), r.line());
        assertTrue(r.line().contains("ids exact 300/300"), r.line());
    }

    @Test
    void modelFacts() throws IOException {
        SentencePieceTokenizer spm = SentencePieceTokenizer.load(CASE.resolve("spm.model"));
        assertEquals(2000, spm.vocabSize());
        assertEquals("nmt_nfkc", spm.normalizerName());
        assertEquals(3, spm.unkId());
        assertEquals(1, spm.bosId());
        assertEquals(0, spm.padId());
        assertArrayEquals(new int[0], spm.encodeAsIds("   \t  "));
    }

    @Test
    void longPromptsAreTruncatedAndSaySo() throws IOException {
        SentencePieceTokenizer spm = SentencePieceTokenizer.load(CASE.resolve("spm.model"));
        MusicCocaText packer = new MusicCocaText(spm, MusicCocaText.Lowering.UNICODE);
        String longText = "warm analog synth pads with slow evolving strings ".repeat(40);
        int total = spm.encodeAsIds(longText.toLowerCase(java.util.Locale.ROOT)).length;
        MusicCocaText.Packed p = packer.pack(longText);
        assertTrue(p.truncated());
        assertEquals(127, p.textIds());
        assertEquals(total - 127, p.droppedIds());
        assertEquals(0f, p.paddings()[127]);
        MusicCocaText.Packed shortOne = packer.pack("Piano");
        assertFalse(shortOne.truncated());
        assertEquals(1, shortOne.ids()[0]);
        assertEquals(1f, shortOne.paddings()[1 + shortOne.textIds()]);
    }

    @Test
    void corruptModelFilesFailWithTheFileName(@TempDir Path dir) throws IOException {
        Path empty = dir.resolve("empty.model");
        Files.write(empty, new byte[0]);
        IOException e1 = assertThrows(IOException.class, () -> SentencePieceTokenizer.load(empty));
        assertTrue(e1.getMessage().contains("empty.model") && e1.getMessage().contains("no pieces"), e1.getMessage());
        byte[] real = Files.readAllBytes(CASE.resolve("spm.model"));
        Path cut = dir.resolve("cut.model");
        Files.write(cut, java.util.Arrays.copyOf(real, real.length / 2));
        IOException e2 = assertThrows(IOException.class, () -> SentencePieceTokenizer.load(cut));
        assertTrue(e2.getMessage().contains("cut.model") && e2.getMessage().contains("corrupt protobuf"), e2.getMessage());
        assertThrows(IOException.class, () -> SentencePieceTokenizer.load(dir.resolve("missing.model")));
    }

    @Test
    void aModelOfAnotherTypeIsRefusedNamingTheType(@TempDir Path dir) throws IOException {
        // a second trainer_spec (field 2) with model_type (field 3) = 3: protobuf merges it over the first
        byte[] real = Files.readAllBytes(CASE.resolve("spm.model"));
        byte[] word = java.util.Arrays.copyOf(real, real.length + 4);
        System.arraycopy(new byte[] {0x12, 0x02, 0x18, 0x03}, 0, word, real.length, 4);
        Path file = dir.resolve("word.model");
        Files.write(file, word);
        IOException e = assertThrows(IOException.class, () -> SentencePieceTokenizer.load(file));
        assertTrue(e.getMessage().contains("word.model: model type WORD (3) is not supported (only UNIGRAM, type 1, and BPE, type 2)"), e.getMessage());
    }

    /** One {@code ModelProto.SentencePiece}: piece (1), score (2, float), type (3). */
    private static void piece(java.io.ByteArrayOutputStream model, String text, float score, int type) {
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        p.write(0x0a);
        p.write(t.length);
        p.writeBytes(t);
        p.write(0x15);
        int bits = Float.floatToIntBits(score);
        for (int i = 0; i < 4; i++) p.write(bits >>> (8 * i));
        p.write(0x18);
        p.write(type);
        model.write(0x0a);
        model.write(p.size());
        model.writeBytes(p.toByteArray());
    }

    /**
     * A BPE model (trainer_spec model_type 2, no normalization rules) encodes by merging the highest-scoring adjacent
     * pair first, not by the best total score (a unigram Viterbi would keep "abc" as four single pieces, score 0);
     * merged UNUSED pieces are split back; unknown characters stay one per piece.
     */
    @Test
    void aBpeModelMergesTheBestPairFirst(@TempDir Path dir) throws IOException {
        java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
        piece(m, "<unk>", 0, 2);
        piece(m, "<s>", 0, 3);
        piece(m, "</s>", 0, 3);
        String[] singles = {"\u2581", "a", "b", "c"};
        for (String x : singles) piece(m, x, 0, 1);   // ids 3..6
        piece(m, "\u2581a", -1, 1);                    // 7
        piece(m, "ab", -2, 1);                          // 8
        piece(m, "bc", -0.5f, 1);                       // 9
        piece(m, "\u2581ab", -3, 1);                   // 10
        piece(m, "cc", -0.1f, 5);                       // 11, UNUSED
        piece(m, "aa", -1, 1);                          // 12
        m.writeBytes(new byte[] {0x12, 0x02, 0x18, 0x02});                          // trainer_spec { model_type: BPE }
        byte[] name = "identity".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        m.writeBytes(new byte[] {0x1a, (byte) (name.length + 2), 0x0a, (byte) name.length});
        m.writeBytes(name);                                                            // normalizer_spec { name }
        Path file = dir.resolve("bpe.model");
        Files.write(file, m.toByteArray());
        SentencePieceTokenizer bpe = SentencePieceTokenizer.load(file);
        assertArrayEquals(new int[] {7, 9}, bpe.encodeAsIds("abc"), "bc (-0.5) first, then \u2581a (-1); ab is then stale");
        assertArrayEquals(new int[] {3, 6, 6}, bpe.encodeAsIds("cc"), "the UNUSED cc is split back into c, c");
        assertArrayEquals(new int[] {3, 0, 0}, bpe.encodeAsIds("xx"), "unknown characters one per piece");
        assertArrayEquals(new int[] {10, 7}, bpe.encodeAsIds("ab a"), "\u2581a twice (-1, the left one first), then \u2581a+b (-3); ab (-2) went stale");
        assertArrayEquals(new int[] {3, 5, 12, 4}, bpe.encodeAsIds("baaa"), "of two equal overlapping pairs the left one merges");
    }
}
