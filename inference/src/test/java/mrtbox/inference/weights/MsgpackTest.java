package mrtbox.inference.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MsgpackTest {
    private static Object decode(int... bytes) throws WeightException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return Msgpack.decode(b, "test");
    }

    @Test
    void decodesEveryScalarFormat() throws Exception {
        assertEquals(5L, decode(0x05));
        assertEquals(-3L, decode(0xfd));
        assertNull(decode(0xc0));
        assertEquals(true, decode(0xc3));
        assertEquals(false, decode(0xc2));
        assertEquals(200L, decode(0xcc, 200));
        assertEquals(65535L, decode(0xcd, 0xff, 0xff));
        assertEquals(4294967295L, decode(0xce, 0xff, 0xff, 0xff, 0xff));
        assertEquals(new BigInteger("18446744073709551615"), decode(0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
        assertEquals(-128L, decode(0xd0, 0x80));
        assertEquals(-32768L, decode(0xd1, 0x80, 0x00));
        assertEquals((long) Integer.MIN_VALUE, decode(0xd2, 0x80, 0, 0, 0));
        assertEquals(Long.MIN_VALUE, decode(0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(1.5f, decode(0xca, 0x3f, 0xc0, 0, 0));
        assertEquals(-2.0, decode(0xcb, 0xc0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals("ab", decode(0xa2, 'a', 'b'));
        assertEquals("ab", decode(0xd9, 2, 'a', 'b'));
        assertEquals("ab", decode(0xda, 0, 2, 'a', 'b'));
        assertArrayEquals(new byte[] {7, 8}, (byte[]) decode(0xc4, 2, 7, 8));
        assertEquals(new Msgpack.Ext(1, new byte[] {9}), decode(0xd4, 1, 9));
        assertEquals(new Msgpack.Ext(3, new byte[] {1, 2, 3}), decode(0xc7, 3, 3, 1, 2, 3));
    }

    @Test
    void roundTripsNestedMapsAndArrays() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("shape", List.of(16L, 32L));
        inner.put("id", "gzip");
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", 3L);
        top.put("meta", inner);
        top.put("blob", new byte[] {1, 2});
        Object back = Msgpack.decode(MsgpackWriter.encode(top), "test");
        Map<?, ?> m = (Map<?, ?>) back;
        assertEquals(3L, m.get("version"));
        assertEquals(List.of(16L, 32L), ((Map<?, ?>) m.get("meta")).get("shape"));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) m.get("blob"));
    }

    @Test
    void truncatedInputNamesTheOffset() {
        WeightException e = assertThrows(WeightException.class, () -> decode(0x82, 0xa1, 'a', 0x01, 0xa1));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("at byte 5"), e.getMessage());
        e = assertThrows(WeightException.class, () -> decode(0xdd, 0x7f, 0xff, 0xff, 0xff));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsInvalidBytesTrailingDataAndBadUtf8() {
        WeightException e = assertThrows(WeightException.class, () -> decode(0xc1));
        assertTrue(e.getMessage().contains("invalid type byte 0xc1 at byte 0"), e.getMessage());
        e = assertThrows(WeightException.class, () -> decode(0x01, 0x02));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        e = assertThrows(WeightException.class, () -> decode(0xa2, 0xc3, 0x28));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        e = assertThrows(WeightException.class, () -> decode(0x82, 0xa1, 'a', 1, 0xa1, 'a', 2));
        assertTrue(e.getMessage().contains("duplicate map key 'a'"), e.getMessage());
    }
}
