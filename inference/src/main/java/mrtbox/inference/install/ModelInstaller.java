package mrtbox.inference.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Installs a model into {@code <modelsDir>/<name>/} from a folder or an http(s) URL that holds
 * {@code mrtbox-model.json} and the files it lists. Every file is checked against its size and SHA-256.
 * Resumable: files arrive as {@code .part} in {@code <modelsDir>/.staging-<name>/}, which survives a failure and
 * is continued next time (HTTP Range for URLs). Atomic: the previous installation is replaced only once every file
 * checks out, by renaming directories, so a failed install leaves it intact.
 */
public final class ModelInstaller {
    /** Progress of one install: bytes of the whole model done so far out of the total. */
    @FunctionalInterface
    public interface Progress {
        void update(String file, long modelBytesDone, long modelBytesTotal);
    }

    private final Path modelsDir;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    public ModelInstaller(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    /** Installs from {@code source} (a folder path or an http(s) URL of the folder); returns the installed directory. */
    public Path install(String source, Progress progress) throws IOException, InterruptedException {
        boolean remote = source.startsWith("http://") || source.startsWith("https://");
        String base = remote && !source.endsWith("/") ? source + "/" : source;
        ModelManifest m;
        byte[] manifestBytes = remote ? fetchSmall(base + ModelManifest.FILE_NAME) : Files.readAllBytes(Path.of(source).resolve(ModelManifest.FILE_NAME));
        m = ModelManifest.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifestBytes), source + "/" + ModelManifest.FILE_NAME);
        Files.createDirectories(modelsDir);
        Path staging = modelsDir.resolve(".staging-" + m.name());
        Files.createDirectories(staging);
        long total = m.files().stream().mapToLong(ModelManifest.FileEntry::size).sum();
        long done = 0;
        for (ModelManifest.FileEntry f : m.files()) {
            Path target = staging.resolve(f.path());
            if (Files.isRegularFile(target) && Files.size(target) == f.size() && ModelManifest.sha256(target).equals(f.sha256())) {
                done += f.size(); // already fetched by an earlier, interrupted install
                progress.update(f.path(), done, total);
                continue;
            }
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            if (have > f.size()) {
                Files.delete(part);
                have = 0;
            }
            final long before = done;
            if (have < f.size()) {
                try (InputStream in = remote ? openRemote(base + f.path(), have) : openLocal(Path.of(source).resolve(f.path()), have);
                     OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    byte[] buf = new byte[1 << 20];
                    long got = have;
                    for (int n; (n = in.read(buf)) > 0; ) {
                        if (got + n > f.size()) throw new IOException(source + ": " + f.path() + " is larger than the manifest's " + f.size() + " bytes");
                        out.write(buf, 0, n);
                        got += n;
                        progress.update(f.path(), before + got, total);
                    }
                }
            }
            long size = Files.size(part);
            if (size != f.size()) throw new IOException(f.path() + ": got " + size + " bytes, manifest says " + f.size() + " (run install again to resume)");
            String sha = ModelManifest.sha256(part);
            if (!sha.equals(f.sha256())) {
                Files.delete(part);
                throw new IOException(f.path() + ": SHA-256 " + sha + " differs from the manifest's " + f.sha256() + " (the partial file was removed)");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            done += f.size();
            progress.update(f.path(), done, total);
        }
        Files.write(staging.resolve(ModelManifest.FILE_NAME), manifestBytes);
        List<String> problems = m.verify(staging);
        if (!problems.isEmpty()) throw new IOException("staged model " + m.name() + " does not verify: " + String.join("; ", problems));
        return swapIn(staging, modelsDir.resolve(m.name()));
    }

    /** Replaces {@code target} with {@code staging} by renames; the old installation is deleted only afterwards. */
    private static Path swapIn(Path staging, Path target) throws IOException {
        Path old = target.resolveSibling("." + target.getFileName() + ".old");
        deleteTree(old);
        if (Files.exists(target)) move(target, old);
        try {
            move(staging, target);
        } catch (IOException e) {
            if (Files.exists(old)) move(old, target); // put the previous model back
            throw e;
        }
        deleteTree(old);
        return target;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
        }
    }

    private static InputStream openLocal(Path file, long skip) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing in the source folder");
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(skip);
        return in;
    }

    private InputStream openRemote(String url, long from) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).GET();
        if (from > 0) rb.header("Range", "bytes=" + from + "-");
        HttpResponse<InputStream> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (from > 0 && r.statusCode() == 200) {
            InputStream in = r.body(); // server ignored Range: skip what we have
            in.skipNBytes(from);
            return in;
        }
        if (r.statusCode() != 200 && r.statusCode() != 206) {
            r.body().close();
            throw new IOException(url + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    private byte[] fetchSmall(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IOException(url + ": HTTP " + r.statusCode());
        return r.body();
    }
}
