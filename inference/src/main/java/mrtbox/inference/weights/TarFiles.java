package mrtbox.inference.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The regular files of a tar archive, read in place through one {@link FileChannel} (no unpacking, archives over
 * 2 GiB fine). Understands ustar/POSIX headers, PAX extended headers ({@code path}, {@code size}) and GNU long
 * names, and checks every header checksum. A truncated archive is indexed up to where it ends; asking for a file
 * cut off or lost by the truncation says so.
 */
final class TarFiles implements CheckpointFiles {
    private static final int BLOCK = 512;

    private record Entry(long offset, long size) {}

    private final Path archive;
    private final FileChannel channel;
    private final long archiveSize;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Non-null when the archive ends before its end-of-archive marker: says where. */
    private String truncation;

    private TarFiles(Path archive, FileChannel channel) throws IOException {
        this.archive = archive;
        this.channel = channel;
        this.archiveSize = channel.size();
    }

    static TarFiles open(Path archive) throws IOException {
        FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ);
        try {
            TarFiles t = new TarFiles(archive, ch);
            t.index();
            return t;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Set<String> paths() {
        return entries.keySet();
    }

    private void index() throws IOException {
        long offset = 0;
        String paxPath = null;
        long paxSize = -1;
        String gnuLongName = null;
        ByteBuffer header = ByteBuffer.allocate(BLOCK);
        while (true) {
            if (offset + BLOCK > archiveSize) {
                if (offset == 0) throw new WeightException(archive + ": not a tar archive (" + archiveSize + " bytes)");
                truncation = "the archive ends at byte " + archiveSize + " without its end-of-archive marker";
                return;
            }
            header.clear();
            readFully(header, offset);
            byte[] h = header.array();
            if (isZero(h)) return; // end-of-archive marker
            verifyChecksum(h, offset);
            char type = (char) h[156];
            long size = parseNumber(h, 124, 12, offset, "size");
            if (paxSize >= 0) size = paxSize;
            long dataAt = offset + BLOCK;
            long next = dataAt + (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == 'x' || type == 'L' || type == 'g') {
                if (dataAt + size > archiveSize) {
                    truncation = "the archive ends at byte " + archiveSize + " inside an extended header at byte " + offset;
                    return;
                }
                if (size > 1 << 20) throw new WeightException(archive + ": extended header of " + size + " bytes at byte " + offset);
                ByteBuffer data = ByteBuffer.allocate((int) size);
                readFully(data, dataAt);
                if (type == 'x') {
                    Map<String, String> pax = parsePax(data.array(), offset);
                    paxPath = pax.getOrDefault("path", paxPath);
                    if (pax.containsKey("size")) paxSize = parseDecimal(pax.get("size"), offset);
                } else if (type == 'L') {
                    gnuLongName = cString(data.array(), 0, data.capacity());
                } // 'g' (global PAX) carries nothing a checkpoint reader needs
                offset = next;
                continue;
            }
            String name = paxPath != null ? paxPath : gnuLongName != null ? gnuLongName : ustarName(h);
            paxPath = null;
            gnuLongName = null;
            paxSize = -1;
            if (type == '0' || type == '\0' || type == '7') {
                String path = normalize(name);
                entries.put(path, new Entry(dataAt, size));
                if (dataAt + size > archiveSize) {
                    truncation = "the archive ends at byte " + archiveSize + " inside '" + path + "' (it needs "
                            + (dataAt + size) + ")";
                    return;
                }
            }
            offset = next;
        }
    }

    @Override
    public String location() {
        return archive.toString();
    }

    @Override
    public String describe(String path) {
        return archive + "!/" + path;
    }

    @Override
    public boolean exists(String path) {
        return entries.containsKey(path);
    }

    @Override
    public long size(String path) throws IOException {
        return entry(path).size;
    }

    private Entry entry(String path) throws WeightException {
        Entry e = entries.get(path);
        if (e == null) {
            throw new WeightException(describe(path) + ": file missing from the archive"
                    + (truncation == null ? "" : " (" + truncation + ")"));
        }
        if (e.offset + e.size > archiveSize) {
            throw new WeightException(describe(path) + ": truncated, " + truncation);
        }
        return e;
    }

    @Override
    public InputStream open(String path) throws IOException {
        Entry e = entry(path);
        return new InputStream() {
            private long pos = e.offset;
            private final long end = e.offset + e.size;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= end) return -1;
                int n = (int) Math.min(len, end - pos);
                int got = channel.read(ByteBuffer.wrap(b, off, n), pos);
                if (got < 0) throw new WeightException(describe(path) + ": truncated at byte " + pos);
                pos += got;
                return got;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void readFully(ByteBuffer dst, long at) throws IOException {
        long pos = at;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) throw new WeightException(archive + ": unexpected end of file at byte " + pos);
            pos += n;
        }
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) if (b != 0) return false;
        return true;
    }

    private void verifyChecksum(byte[] h, long offset) throws WeightException {
        long stored = parseNumber(h, 148, 8, offset, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        if (sum != stored) {
            throw new WeightException(archive + ": corrupt tar header at byte " + offset + " (checksum " + stored
                    + ", computed " + sum + ")" + (offset == 0 ? ": is this a tar archive?" : ""));
        }
    }

    /** Octal (NUL/space terminated) or GNU base-256 (high bit set) numeric field. */
    private long parseNumber(byte[] h, int at, int len, long offset, String field) throws WeightException {
        if ((h[at] & 0x80) != 0) {
            long v = 0;
            for (int i = 1; i < len; i++) v = v << 8 | (h[at + i] & 0xff);
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = 0; i < len; i++) {
            int c = h[at + i];
            if (c == 0 || (c == ' ' && digits)) break;
            if (c == ' ') continue;
            if (c < '0' || c > '7') {
                throw new WeightException(archive + ": corrupt tar header at byte " + offset + " (bad " + field + " field)"
                        + (offset == 0 ? ": is this a tar archive?" : ""));
            }
            v = v * 8 + (c - '0');
            digits = true;
        }
        return v;
    }

    private long parseDecimal(String s, long offset) throws WeightException {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new WeightException(archive + ": bad PAX size '" + s + "' at byte " + offset);
        }
    }

    /** PAX records: "LEN key=value\n", LEN counting the whole record in bytes. */
    private Map<String, String> parsePax(byte[] data, long offset) throws WeightException {
        Map<String, String> out = new LinkedHashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int sp = pos;
            while (sp < data.length && data[sp] != ' ') sp++;
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, sp - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                if (data[pos] == 0) break; // NUL padding
                throw new WeightException(archive + ": corrupt PAX header at byte " + offset);
            }
            if (len <= sp - pos + 1 || pos + len > data.length) {
                throw new WeightException(archive + ": corrupt PAX record length at byte " + offset);
            }
            String rec = new String(data, sp + 1, pos + len - sp - 2, StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq > 0) out.put(rec.substring(0, eq), rec.substring(eq + 1));
            pos += len;
        }
        return out;
    }

    private static String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        if (ustar) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) return prefix + "/" + name;
        }
        return name;
    }

    private static String cString(byte[] b, int at, int max) {
        int end = at;
        while (end < at + max && b[end] != 0) end++;
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }

    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        while (n.startsWith("/")) n = n.substring(1);
        return n;
    }
}
