package mrtbox.appliance.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory: versioned JSON documents (scenes, last state, mappings, ...) read with validation and
 * written atomically. An unusable file is renamed to a timestamped backup before anything new is written there.
 * Thread-safe; writes of one document are serialised.
 */
public final class StateStore {
    private static final Logger log = LoggerFactory.getLogger(StateStore.class);
    public static final String LOCK_FILE = ".lock";

    private final Path dir;
    private final JsonDocuments documents;
    /** Documents whose unusable file could not be moved away: never overwrite those in this run. */
    private final Set<String> protectedFiles = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Object> writeLocks = new ConcurrentHashMap<>();
    private final java.util.Map<String, String> problems = new java.util.concurrent.ConcurrentSkipListMap<>();

    public StateStore(Path dir, Clock clock) {
        this.dir = dir.toAbsolutePath();
        this.documents = new JsonDocuments(clock);
    }

    public Path dir() {
        return dir;
    }

    public Path file(DocumentType<?> type) {
        return dir.resolve(type.fileName());
    }

    /**
     * Takes the directory for this process (an OS lock, released when the process dies): a second service on the
     * same state directory would overwrite the first one's files. Fails with a message naming the directory.
     */
    public FileLock lock() throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) return lock;
        } catch (OverlappingFileLockException e) {
            // held by this JVM already: same answer
        }
        ch.close();
        throw new IOException("another mrtbox is using the state directory " + dir);
    }

    /** Reads a document; problems are reported by the caller from the result (see {@link Loaded#problemReport()}). */
    public <T> Loaded<T> load(DocumentType<T> type) {
        Path file = file(type);
        try {
            for (Path p : AtomicFiles.removeLeftovers(file)) log.info("removed {} (an interrupted write; {} was kept)", p, file);
        } catch (IOException e) {
            log.warn("could not clean up interrupted writes of {}: {}", file, e.toString());
        }
        Loaded<T> loaded = documents.read(file, type, JsonDocuments.Backup.MOVE);
        if (loaded.problem() != null) problems.put(type.fileName(), loaded.problemReport());
        else problems.remove(type.fileName());
        if (loaded.status() == Loaded.Status.REPLACED_BY_DEFAULTS && loaded.backup() == null && Files.exists(file)) {
            protectedFiles.add(type.fileName());
        }
        return loaded;
    }

    /**
     * The state files found unusable since start, one line ("scenes.json: <file:line:col>: ...; the file was kept as
     * ...; using defaults"), for health and the page; empty when every file read was fine.
     */
    public String problems() {
        StringBuilder s = new StringBuilder();
        problems.forEach((name, report) -> s.append(s.isEmpty() ? "" : "; ").append(name).append(": ").append(report));
        return s.toString();
    }

    public <T> void save(DocumentType<T> type, T value) throws IOException {
        if (protectedFiles.contains(type.fileName())) {
            throw new IOException("not overwriting " + file(type) + ": it could not be read or backed up at start; fix or move it");
        }
        synchronized (lockFor(type)) {
            documents.write(file(type), type, value);
        }
    }

    private Object lockFor(DocumentType<?> type) {
        return writeLocks.computeIfAbsent(type.fileName(), k -> new Object());
    }
}
