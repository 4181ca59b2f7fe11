package mrtbox.appliance.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's choices ({@code settings.json}) as the running box holds them: read at start, saved on each change, and
 * told to the parts that apply a choice while running (the MIDI panic control), whichever path changed it (the page's
 * form, a restored backup).
 */
public final class BoxSettings {
    private static final Logger log = LoggerFactory.getLogger(BoxSettings.class);

    private final StateStore store;
    private volatile BoxSettingsFile current;
    private final List<Consumer<BoxSettingsFile>> listeners = new CopyOnWriteArrayList<>();

    public BoxSettings(StateStore store) {
        this.store = store;
        Loaded<BoxSettingsFile> loaded = store.load(BoxSettingsFile.TYPE);
        if (loaded.problem() != null) log.error("settings: {}", loaded.problemReport());
        this.current = loaded.value();
    }

    public BoxSettingsFile current() {
        return current;
    }

    /** Called with the new choices after each saved change. */
    public void addListener(Consumer<BoxSettingsFile> listener) {
        listeners.add(listener);
    }

    /** Applies a change and writes the file; on a write failure nothing changes and the error says why. */
    public synchronized BoxSettingsFile update(UnaryOperator<BoxSettingsFile> change) {
        BoxSettingsFile next = change.apply(current);
        try {
            store.save(BoxSettingsFile.TYPE, next);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + store.file(BoxSettingsFile.TYPE) + ": " + e.getMessage(), e);
        }
        current = next;
        for (Consumer<BoxSettingsFile> l : listeners) l.accept(next);
        return next;
    }
}
