package mrtbox.appliance.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The page's choices ({@code settings.json}) as the running box holds them: read at start, saved on each change. */
public final class BoxSettings {
    private static final Logger log = LoggerFactory.getLogger(BoxSettings.class);

    private final StateStore store;
    private volatile BoxSettingsFile current;

    public BoxSettings(StateStore store) {
        this.store = store;
        Loaded<BoxSettingsFile> loaded = store.load(BoxSettingsFile.TYPE);
        if (loaded.problem() != null) log.error("settings: {}", loaded.problemReport());
        this.current = loaded.value();
    }

    public BoxSettingsFile current() {
        return current;
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
        return next;
    }
}
