package mrtbox.web.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One file holding the password hash, readable by the owner only, replaced atomically: write a temp file in the
 * same directory, fsync it, rename it over the old one, fsync the directory.
 */
public final class FileCredentialStore implements CredentialStore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock clock;

    public FileCredentialStore(Path file) {
        this(file, Clock.systemUTC());
    }

    public FileCredentialStore(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
    }

    @Override
    public Optional<String> load() throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    @Override
    public void save(String record) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap((record + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (FileSystemException | UnsupportedOperationException e) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }

    /** Renames the file to {@code web-password.<UTC time>.bak} (the state files' backup names). */
    @Override
    public String setAside() throws IOException {
        String base = file.getFileName() + "." + STAMP.format(clock.instant());
        Path target = file.resolveSibling(base + ".bak");
        for (int n = 1; Files.exists(target); n++) target = file.resolveSibling(base + "-" + n + ".bak");
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        return target.toString();
    }

    public Path file() {
        return file;
    }
}
