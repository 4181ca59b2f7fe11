package mrtbox.inference.text;

/** The two UTF-8 length rules SentencePiece uses. */
final class Utf8 {
    private Utf8() {}

    /** SentencePiece's {@code OneCharLen}: the length implied by the lead byte alone, no validation. */
    static int oneCharLen(byte lead) {
        int hi = (lead & 0xFF) >>> 4;
        return hi < 12 ? 1 : hi < 14 ? 2 : hi == 14 ? 3 : 4;
    }

    /** Length of the well-formed UTF-8 character at {@code pos}, or 0 when it is malformed. */
    static int validCharLength(byte[] s, int pos) {
        int b0 = s[pos] & 0xFF;
        if (b0 < 0x80) return 1;
        int len;
        int cp;
        if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1F; }
        else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0F; }
        else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07; }
        else return 0;
        if (pos + len > s.length) return 0;
        for (int i = 1; i < len; i++) {
            int b = s[pos + i] & 0xFF;
            if ((b & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (b & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
        if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
        return len;
    }
}
