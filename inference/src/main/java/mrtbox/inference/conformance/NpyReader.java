package mrtbox.inference.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the NumPy {@code .npy} files of golden cases (format 1.x/2.x, C order, little-endian {@code <f4},
 * {@code <i4}, {@code <i8}, {@code <f8}; no pickles).
 */
public final class NpyReader {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** One array: its shape and its values widened to double (exact for int32 and float32). */
    public record Array(long[] shape, String dtype, double[] values) {
        public int[] ints() {
            int[] out = new int[values.length];
            for (int i = 0; i < out.length; i++) out[i] = (int) values[i];
            return out;
        }

        public float[] floats() {
            float[] out = new float[values.length];
            for (int i = 0; i < out.length; i++) out[i] = (float) values[i];
            return out;
        }

        /** Rows of a 2-D int array. */
        public int[][] intRows() {
            if (shape.length != 2) throw new IllegalStateException("not 2-D: " + java.util.Arrays.toString(shape));
            int rows = (int) shape[0], cols = (int) shape[1];
            int[][] out = new int[rows][cols];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[r][c] = (int) values[r * cols + c];
            return out;
        }
    }

    private NpyReader() {}

    public static Array read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 10 || (b.get() & 0xff) != 0x93 || b.get() != 'N' || b.get() != 'U' || b.get() != 'M' || b.get() != 'P' || b.get() != 'Y') {
            throw new IOException(file + ": not a .npy file");
        }
        int major = b.get();
        b.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        if (headerLen > b.remaining()) throw new IOException(file + ": truncated header");
        byte[] hb = new byte[headerLen];
        b.get(hb);
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IOException(file + ": unreadable header " + header.trim());
        if (f.group(1).equals("True")) throw new IOException(file + ": Fortran order is not supported");
        String[] dims = s.group(1).split(",");
        long n = 1;
        java.util.List<Long> shape = new java.util.ArrayList<>();
        for (String dim : dims) {
            if (dim.isBlank()) continue;
            long v = Long.parseLong(dim.trim());
            shape.add(v);
            n *= v;
        }
        String descr = d.group(1);
        int width = switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new IOException(file + ": dtype " + descr + " not supported");
        };
        if (b.remaining() != n * width) throw new IOException(file + ": " + b.remaining() + " data bytes, expected " + n * width);
        double[] values = new double[(int) n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (descr) {
                case "<f4" -> b.getFloat();
                case "<i4" -> b.getInt();
                case "<f8" -> b.getDouble();
                default -> b.getLong();
            };
        }
        long[] sh = new long[shape.size()];
        for (int i = 0; i < sh.length; i++) sh[i] = shape.get(i);
        return new Array(sh, descr, values);
    }
}
