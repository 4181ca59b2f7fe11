package mrtbox.appliance.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-file replacement that survives a crash or power cut at any moment: the file always holds either the old
 * or the new complete content. Write a temp file in the same directory, fsync it, rename it over the target
 * (atomic within one file system), then fsync the directory so the rename itself is on disk.
 */
public final class AtomicFiles {
    private static final String TEMP_INFIX = ".tmp-";

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        Path temp = Files.createTempFile(dir, tempPrefix(file), "");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Deletes temp files a killed writer left beside {@code target}; returns what it deleted. Call before the first
     * write, with the directory owned by this process (see {@link StateStore#lock()}).
     */
    public static List<Path> removeLeftovers(Path target) throws IOException {
        Path file = target.toAbsolutePath();
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(file.getParent(), tempPrefix(file) + "*")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && Files.deleteIfExists(p)) removed.add(p);
            }
        }
        return removed;
    }

    private static String tempPrefix(Path file) {
        return "." + file.getFileName() + TEMP_INFIX;
    }

    private static void syncDirectory(Path dir) throws IOException {
        // Linux lets a directory be opened read-only and fsync'ed; that makes the rename durable.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
