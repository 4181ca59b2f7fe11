package mrtbox.control.osc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes OSC 1.0 packets (plus the common 1.1 types) from untrusted bytes. Written for hostile input: every
 * length is checked against what is left before it is used, bundle nesting and element counts are bounded,
 * and every problem is an {@link OscFormatException} naming the problem and its byte offset. Nothing else is
 * thrown. Arrays ({@code [ ]}) are refused: no mrtbox address takes one.
 */
public final class OscReader {
    private static final byte[] BUNDLE_TAG = "#bundle\0".getBytes(StandardCharsets.US_ASCII);

    private final int maxDepth;
    private final int maxStringBytes;
    private final int maxElements;

    /**
     * @param maxDepth       deepest bundle nesting accepted (1 = a bundle of messages)
     * @param maxStringBytes longest string, address or blob accepted, in bytes
     * @param maxElements    most messages and bundles in one packet
     */
    public OscReader(int maxDepth, int maxStringBytes, int maxElements) {
        this.maxDepth = maxDepth;
        this.maxStringBytes = maxStringBytes;
        this.maxElements = maxElements;
    }

    public OscPacket read(byte[] data, int length) throws OscFormatException {
        if (length > data.length) throw new IllegalArgumentException("length " + length + " > buffer " + data.length);
        int[] elements = {0};
        return readPacket(data, 0, length, 0, elements);
    }

    private OscPacket readPacket(byte[] b, int start, int end, int depth, int[] elements) throws OscFormatException {
        int size = end - start;
        if (size < 4) throw new OscFormatException("packet of " + size + " bytes is too short", start);
        if (size % 4 != 0) throw new OscFormatException("packet size " + size + " is not a multiple of 4", start);
        if (++elements[0] > maxElements) {
            throw new OscFormatException("more than " + maxElements + " messages and bundles in one packet", start);
        }
        if (b[start] == '#') return readBundle(b, start, end, depth, elements);
        if (b[start] == '/') return readMessage(b, start, end);
        throw new OscFormatException(String.format("packet starts with 0x%02x, neither '/' nor '#bundle'", b[start] & 0xff), start);
    }

    private OscBundle readBundle(byte[] b, int start, int end, int depth, int[] elements) throws OscFormatException {
        if (end - start < 16 || !startsWith(b, start, BUNDLE_TAG)) {
            throw new OscFormatException("a '#' packet must start with \"#bundle\" and a time tag", start);
        }
        if (depth + 1 > maxDepth) throw new OscFormatException("bundles nested deeper than " + maxDepth, start);
        long timeTag = ByteBuffer.wrap(b, start + 8, 8).getLong();
        List<OscPacket> content = new ArrayList<>();
        int pos = start + 16;
        while (pos < end) {
            if (end - pos < 4) throw new OscFormatException("bundle element size cut off", pos);
            int elementSize = ByteBuffer.wrap(b, pos, 4).getInt();
            int left = end - pos - 4;
            if (elementSize < 4 || elementSize % 4 != 0 || elementSize > left) {
                throw new OscFormatException("bundle element size " + elementSize + " is invalid (" + left + " bytes left)", pos);
            }
            pos += 4;
            content.add(readPacket(b, pos, pos + elementSize, depth + 1, elements));
            pos += elementSize;
        }
        return new OscBundle(timeTag, content);
    }

    private OscMessage readMessage(byte[] b, int start, int end) throws OscFormatException {
        int[] pos = {start};
        String address = readString(b, pos, end, "address");
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c > '~' || c == '#') {
                throw new OscFormatException(String.format("address contains character 0x%02x", (int) c), start + i);
            }
        }
        if (pos[0] == end) return new OscMessage(address, "", List.of()); // OSC 1.0: type tags may be missing
        if (b[pos[0]] != ',') {
            throw new OscFormatException("type tag string must start with ','", pos[0]);
        }
        int tagsAt = pos[0];
        String tags = readString(b, pos, end, "type tags").substring(1);
        List<Object> args = new ArrayList<>(tags.length());
        for (int t = 0; t < tags.length(); t++) {
            char tag = tags.charAt(t);
            int at = pos[0];
            switch (tag) {
                case 'i' -> args.add(readInt(b, pos, end, tag));
                case 'f' -> args.add(Float.intBitsToFloat(readInt(b, pos, end, tag)));
                case 'c', 'r', 'm' -> args.add(readInt(b, pos, end, tag));
                case 'h', 't' -> args.add(readLong(b, pos, end, tag));
                case 'd' -> args.add(Double.longBitsToDouble(readLong(b, pos, end, tag)));
                case 's', 'S' -> args.add(readString(b, pos, end, "string argument"));
                case 'b' -> args.add(readBlob(b, pos, end));
                case 'T' -> args.add(Boolean.TRUE);
                case 'F' -> args.add(Boolean.FALSE);
                case 'N' -> args.add(OscMessage.NIL);
                case 'I' -> args.add(OscMessage.IMPULSE);
                case '[', ']' -> throw new OscFormatException("OSC arrays are not accepted", tagsAt + 1 + t);
                default -> throw new OscFormatException(
                        String.format("unknown type tag 0x%02x", (int) tag), tagsAt + 1 + t);
            }
            if (pos[0] > end) throw new OscFormatException("argument '" + tag + "' runs past the end", at);
        }
        if (pos[0] != end) {
            throw new OscFormatException((end - pos[0]) + " bytes left over after the arguments of type tags ," + tags, pos[0]);
        }
        return new OscMessage(address, tags, args);
    }

    private static int readInt(byte[] b, int[] pos, int end, char tag) throws OscFormatException {
        if (end - pos[0] < 4) throw new OscFormatException("argument '" + tag + "' cut off", pos[0]);
        int v = ByteBuffer.wrap(b, pos[0], 4).getInt();
        pos[0] += 4;
        return v;
    }

    private static long readLong(byte[] b, int[] pos, int end, char tag) throws OscFormatException {
        if (end - pos[0] < 8) throw new OscFormatException("argument '" + tag + "' cut off", pos[0]);
        long v = ByteBuffer.wrap(b, pos[0], 8).getLong();
        pos[0] += 8;
        return v;
    }

    private String readString(byte[] b, int[] pos, int end, String what) throws OscFormatException {
        int from = pos[0];
        int nul = -1;
        int limit = Math.min(end, from + maxStringBytes + 1);
        for (int i = from; i < limit; i++) {
            if (b[i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul < 0) {
            if (limit < end) throw new OscFormatException(what + " longer than " + maxStringBytes + " bytes", from);
            throw new OscFormatException(what + " is not terminated", from);
        }
        int padded = align4(nul - from + 1);
        if (padded > end - from) throw new OscFormatException(what + " padding runs past the end", from);
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, nul - from)).toString();
        } catch (CharacterCodingException e) {
            throw new OscFormatException(what + " is not valid UTF-8", from);
        }
        pos[0] = from + padded;
        return s;
    }

    private byte[] readBlob(byte[] b, int[] pos, int end) throws OscFormatException {
        int at = pos[0];
        int size = readInt(b, pos, end, 'b');
        if (size < 0 || size > maxStringBytes) throw new OscFormatException("blob size " + size + " is not 0.." + maxStringBytes, at);
        int padded = align4(size);
        if (padded > end - pos[0]) throw new OscFormatException("blob of " + size + " bytes runs past the end", at);
        byte[] out = new byte[size];
        System.arraycopy(b, pos[0], out, 0, size);
        pos[0] += padded;
        return out;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) if (b[at + i] != prefix[i]) return false;
        return true;
    }
}
