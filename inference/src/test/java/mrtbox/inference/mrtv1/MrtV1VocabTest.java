package mrtbox.inference.mrtv1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MrtV1VocabTest {
    @Test
    void idLayoutMatchesTheSpec() {
        assertEquals(2, MrtV1Vocab.codecId(0, 0));
        assertEquals(16385, MrtV1Vocab.codecId(15, 1023));
        assertEquals(17410, MrtV1Vocab.styleId(0, 0));
        assertEquals(23553, MrtV1Vocab.styleId(5, 1023));
        assertEquals(1006, MrtV1Vocab.ENCODER_LENGTH);
        assertEquals(800, MrtV1Vocab.DECODER_LENGTH);
        // lenient decode of the reference: code = max(id - 2, 0) mod 1024
        assertEquals(0, MrtV1Vocab.idToCode(0));
        assertEquals(0, MrtV1Vocab.idToCode(1));
        assertEquals(5, MrtV1Vocab.idToCode(MrtV1Vocab.codecId(3, 5)));
        assertEquals((29800 - 2) % 1024, MrtV1Vocab.idToCode(29800));
    }

    @Test
    void encoderRowsAreFrameMajorWithMaskForEmptyContextAndMaskedStyleInRowOne() {
        int[][] ctx = new int[250][16];
        for (int[] f : ctx) Arrays.fill(f, -1);
        ctx[249] = new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25};
        int[] ids = MrtV1Vocab.encoderIds(ctx, new int[] {1, 2, 3, 4, 5, 6, 7});
        assertEquals(2 * 1006, ids.length);
        assertEquals(1, ids[0]);
        assertEquals(1, ids[995]);
        assertArrayEquals(new int[] {2 + 10, 2 + 1024 + 11, 2 + 2048 + 12, 2 + 3072 + 13}, Arrays.copyOfRange(ids, 996, 1000));
        assertArrayEquals(new int[] {17411, 18436, 19461, 20486, 21511, 22536}, Arrays.copyOfRange(ids, 1000, 1006));
        assertArrayEquals(Arrays.copyOfRange(ids, 0, 1000), Arrays.copyOfRange(ids, 1006, 2006));
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, Arrays.copyOfRange(ids, 2006, 2012));
        int[] none = MrtV1Vocab.encoderIds(ctx, null);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, Arrays.copyOfRange(none, 1000, 1006));
        assertThrows(IllegalArgumentException.class, () -> MrtV1Vocab.encoderIds(new int[10][16], null));
    }

    @Test
    void relativeBucketsAreTheT5Function() {
        for (int n = 0; n < 16; n++) assertEquals(n, Blocks.bucket(n, 16, 16));
        for (int n = 0; n < 64; n++) assertEquals(n, Blocks.bucket(n, 128, 128));
        // log-spaced region of the T5 function: 32 buckets over 128 max distance (flaxformer default)
        assertEquals(16, Blocks.bucket(16, 32, 128));
        assertEquals(31, Blocks.bucket(500, 32, 128));
        assertEquals(0, Blocks.bucket(-3, 16, 16));
    }

    @Test
    void contextUpdateDropsTheOldestFiftyFrames() {
        ContextTokens c = new ContextTokens();
        int[][] chunk = new int[50][16];
        for (int f = 0; f < 50; f++) Arrays.fill(chunk[f], f);
        c.advance(chunk);
        int[][] s = c.snapshot();
        assertEquals(-1, s[199][0]);
        assertEquals(0, s[200][0]);
        assertEquals(49, s[249][15]);
        c.advance(chunk);
        s = c.snapshot();
        assertEquals(-1, s[149][3]);
        assertEquals(0, s[150][3]);
        assertEquals(49, s[199][3]);
        assertEquals(0, s[200][3]);
        assertArrayEquals(chunk[49], c.last());
    }
}
