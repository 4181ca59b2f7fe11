package mrtbox.appliance.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link AtomicFilesKillTest}: rewrites one file with ever newer generations until killed, printing
 * "wrote N" after each write returns. Generation N is a self-checking text of about 4 MB (see {@link #content}).
 */
public final class AtomicWriterChild {
    static final int SIZE = 4 << 20;

    private AtomicWriterChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long gen = Long.parseLong(args[1]);
        System.out.println("ready");
        while (true) {
            AtomicFiles.write(file, content(gen));
            System.out.println("wrote " + gen);
            gen++;
        }
    }

    /** "gen N\n", then a body of the digit N%10 repeated, then "end N\n": any cut or mix shows. */
    static byte[] content(long gen) {
        byte[] head = ("gen " + gen + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("end " + gen + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[SIZE];
        System.arraycopy(head, 0, out, 0, head.length);
        java.util.Arrays.fill(out, head.length, SIZE - tail.length, (byte) ('0' + gen % 10));
        System.arraycopy(tail, 0, out, SIZE - tail.length, tail.length);
        return out;
    }

    /** The generation this content is, or -1 when it is not exactly one complete generation. */
    static long generationOf(byte[] data) {
        if (data.length != SIZE) return -1;
        String start = new String(data, 0, 32, StandardCharsets.US_ASCII);
        if (!start.startsWith("gen ")) return -1;
        long gen;
        try {
            gen = Long.parseLong(start.substring(4, start.indexOf('\n')));
        } catch (RuntimeException e) {
            return -1;
        }
        return java.util.Arrays.equals(data, content(gen)) ? gen : -1;
    }
}
