package mrtbox.inference.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array as the golden cases store them: little-endian, C order, no pickles. Supports
 * float32/float64 and int8/16/32/64; values come out as Java arrays in row-major order.
 */
public record NpyArray(String file, String descr, long[] shape, ByteBuffer data) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public static NpyArray read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 10 || b[0] != (byte) 0x93 || !new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException(file + ": not a .npy file");
        }
        int major = b[6];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else {
            headerLen = bb.getInt(8);
            headerStart = 12;
        }
        if (headerStart + headerLen > b.length) throw new IOException(file + ": truncated .npy header");
        String header = new String(b, headerStart, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IOException(file + ": unreadable .npy header: " + header.trim());
        if (f.group(1).equals("True")) throw new IOException(file + ": Fortran-order arrays are not supported");
        String descr = d.group(1);
        String[] dims = s.group(1).split(",");
        long[] shape = Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long x : shape) n *= x;
        int itemSize = itemSize(file, descr);
        int dataStart = headerStart + headerLen;
        if (b.length - dataStart != n * itemSize) {
            throw new IOException(file + ": " + (b.length - dataStart) + " data bytes for " + descr + " " + Arrays.toString(shape));
        }
        ByteBuffer data = ByteBuffer.wrap(b, dataStart, b.length - dataStart).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new NpyArray(file.toString(), descr, shape, data);
    }

    private static int itemSize(Path file, String descr) throws IOException {
        return switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "<i2" -> 2;
            case "|i1", "|u1", "|b1" -> 1;
            default -> throw new IOException(file + ": unsupported dtype " + descr);
        };
    }

    public long size() {
        long n = 1;
        for (long x : shape) n *= x;
        return n;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return (int) shape[i];
    }

    public float[] floats() {
        float[] out = new float[(int) size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (descr) {
                case "<f4" -> data.getFloat(4 * i);
                case "<f8" -> (float) data.getDouble(8 * i);
                default -> (float) longAt(i);
            };
        }
        return out;
    }

    public int[] ints() {
        int[] out = new int[(int) size()];
        for (int i = 0; i < out.length; i++) out[i] = (int) longAt(i);
        return out;
    }

    /** Rows of a 2-D integer array. */
    public int[][] intRows() {
        if (shape.length != 2) throw new IllegalStateException(file + ": not 2-D: " + Arrays.toString(shape));
        int rows = (int) shape[0], cols = (int) shape[1];
        int[] flat = ints();
        int[][] out = new int[rows][];
        for (int r = 0; r < rows; r++) out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        return out;
    }

    private long longAt(int i) {
        return switch (descr) {
            case "<i4" -> data.getInt(4 * i);
            case "<i8" -> data.getLong(8 * i);
            case "<i2" -> data.getShort(2 * i);
            case "|i1", "|b1" -> data.get(i);
            case "|u1" -> data.get(i) & 0xFF;
            default -> throw new IllegalStateException(file + ": " + descr + " is not an integer array");
        };
    }

    /** Checks the shape, naming the file when it differs. */
    public NpyArray expectShape(long... expected) throws IOException {
        if (!Arrays.equals(shape, expected)) {
            throw new IOException(file + ": shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected));
        }
        return this;
    }
}
