package mrtbox.appliance.styles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import mrtbox.appliance.state.Loaded;
import mrtbox.appliance.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The personal styles in the state directory ({@link StylesFile}). {@code mrtbox styles build} adds to it from the
 * command line while the box may be running; the box {@link #reloadIfChanged() notices} the new file and its
 * {@link #version()} grows, so prompt slots and style axes see the new style without a restart. Names are unique
 * regardless of case.
 */
public final class StyleLibrary {
    private static final Logger log = LoggerFactory.getLogger(StyleLibrary.class);

    private final StateStore store;
    private final AtomicLong version = new AtomicLong();
    private volatile StylesFile current = new StylesFile(List.of());
    private volatile String problem = "";
    private FileTime loadedTime; // guarded by this
    private long loadedSize = -1; // guarded by this

    public StyleLibrary(StateStore store) {
        this.store = store;
        reload();
    }

    /** A name that is taken (without {@code --replace}) or reserved; the message says what to do. */
    public static final class NameTaken extends Exception {
        public NameTaken(String message) {
            super(message);
        }
    }

    public Path file() {
        return store.file(StylesFile.TYPE);
    }

    /** The whole document as last read or written. */
    public StylesFile current() {
        return current;
    }

    public List<StylesFile.PersonalStyle> styles() {
        return current.styles();
    }

    /** Styles whose vectors come from this style model. */
    public List<StylesFile.PersonalStyle> stylesFor(String styleModelId) {
        List<StylesFile.PersonalStyle> out = new ArrayList<>();
        for (StylesFile.PersonalStyle s : current.styles()) if (s.styleModelId().equals(styleModelId)) out.add(s);
        return out;
    }

    public Optional<StylesFile.PersonalStyle> find(String name) {
        for (StylesFile.PersonalStyle s : current.styles()) if (s.name().equalsIgnoreCase(name)) return Optional.of(s);
        return Optional.empty();
    }

    /** Grows whenever the styles change (added, deleted, reloaded from a changed file). */
    public long version() {
        return version.get();
    }

    /** What was wrong with the file at the last load (empty when nothing was). */
    public String problem() {
        return problem;
    }

    /** Checks a new style's name before anything is embedded, so a collision fails fast. */
    public void checkName(String name, boolean replace) throws NameTaken {
        StyleNames.check(name);
        if (StyleNames.reserved(name)) {
            throw new NameTaken("'" + name + "' is reserved: :" + name.toLowerCase(java.util.Locale.ROOT)
                    + " is the live audio input in a prompt slot; choose another name");
        }
        Optional<StylesFile.PersonalStyle> old = find(name);
        if (old.isPresent() && !replace) {
            throw new NameTaken("a style named '" + old.get().name() + "' already exists (built " + old.get().created() + " from "
                    + old.get().files().size() + " files); choose another name, or add --replace to overwrite it");
        }
    }

    /** Adds a style (replacing one of the same name when {@code replace}) and writes the file atomically. */
    public synchronized void add(StylesFile.PersonalStyle style, boolean replace) throws NameTaken, IOException {
        reloadIfChanged();
        checkName(style.name(), replace);
        List<StylesFile.PersonalStyle> next = new ArrayList<>();
        for (StylesFile.PersonalStyle s : current.styles()) if (!s.name().equalsIgnoreCase(style.name())) next.add(s);
        next.add(style);
        write(new StylesFile(next, current.axisSets()));
    }

    /** The axis set imported for this style model, if any. */
    public Optional<StylesFile.AxisSet> axisSet(String styleModelId) {
        for (StylesFile.AxisSet a : current.axisSets()) if (a.styleModelId().equals(styleModelId)) return Optional.of(a);
        return Optional.empty();
    }

    /** Sets (or with null axes clears) the imported axes of a style model and writes the file. */
    public synchronized void putAxisSet(String styleModelId, StylesFile.AxisSet set) throws IOException {
        reloadIfChanged();
        List<StylesFile.AxisSet> next = new ArrayList<>();
        for (StylesFile.AxisSet a : current.axisSets()) if (!a.styleModelId().equals(styleModelId)) next.add(a);
        if (set != null) next.add(set);
        write(new StylesFile(current.styles(), next));
    }

    /** Deletes a style; false when there is none of that name. */
    public synchronized boolean delete(String name) throws IOException {
        reloadIfChanged();
        List<StylesFile.PersonalStyle> next = new ArrayList<>(current.styles());
        if (!next.removeIf(s -> s.name().equalsIgnoreCase(name))) return false;
        write(new StylesFile(next, current.axisSets()));
        return true;
    }

    /** Reads the file again when it changed on disk since the last read (cheap: one stat); true when it did. */
    public synchronized boolean reloadIfChanged() {
        Path f = file();
        FileTime t;
        long size;
        try {
            t = Files.getLastModifiedTime(f);
            size = Files.size(f);
        } catch (IOException e) {
            t = null;
            size = -1;
        }
        if (java.util.Objects.equals(t, loadedTime) && size == loadedSize) return false;
        reload();
        return true;
    }

    private synchronized void reload() {
        Loaded<StylesFile> loaded = store.load(StylesFile.TYPE);
        problem = loaded.problemReport();
        if (!problem.isEmpty()) log.error("personal styles: {}", problem);
        current = loaded.value();
        remember();
        version.incrementAndGet();
    }

    private void write(StylesFile next) throws IOException {
        store.save(StylesFile.TYPE, next);
        current = next;
        problem = "";
        remember();
        version.incrementAndGet();
    }

    private void remember() {
        try {
            loadedTime = Files.getLastModifiedTime(file());
            loadedSize = Files.size(file());
        } catch (IOException e) {
            loadedTime = null;
            loadedSize = -1;
        }
    }
}
