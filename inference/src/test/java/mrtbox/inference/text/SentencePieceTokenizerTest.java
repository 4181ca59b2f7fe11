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
        // a second trainer_spec (field 2) with model_type (field 3) = 2: protobuf merges it over the first
        byte[] real = Files.readAllBytes(CASE.resolve("spm.model"));
        byte[] bpe = java.util.Arrays.copyOf(real, real.length + 4);
        System.arraycopy(new byte[] {0x12, 0x02, 0x18, 0x02}, 0, bpe, real.length, 4);
        Path file = dir.resolve("bpe.model");
        Files.write(file, bpe);
        IOException e = assertThrows(IOException.class, () -> SentencePieceTokenizer.load(file));
        assertTrue(e.getMessage().contains("bpe.model: model type BPE (2) is not supported (only UNIGRAM, type 1"), e.getMessage());
    }
}
