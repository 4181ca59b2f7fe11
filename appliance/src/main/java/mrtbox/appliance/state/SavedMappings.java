package mrtbox.appliance.state;

import java.io.IOException;
import java.util.List;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.param.ParameterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MIDI mappings as the running box keeps them: loaded from {@code mappings.json}, saved on every change. */
public final class SavedMappings {
    private static final Logger log = LoggerFactory.getLogger(SavedMappings.class);

    private SavedMappings() {}

    /** A mapping book over the registry with the saved mappings (a file that cannot be read is logged, and the box starts without mappings). */
    public static MappingBook load(ParameterRegistry registry, StateStore store) {
        MappingBook book = new MappingBook(registry);
        Loaded<MappingsFile> loaded = store.load(MappingsFile.TYPE);
        if (loaded.problem() != null) log.error("mappings: {}", loaded.problemReport());
        book.load(loaded.value().mappings());
        log.info("mappings: {} loaded from {}", loaded.value().mappings().size(), loaded.file());
        book.addListener(all -> save(store, all));
        return book;
    }

    private static void save(StateStore store, List<Mapping> all) {
        try {
            store.save(MappingsFile.TYPE, new MappingsFile(all));
        } catch (IOException | RuntimeException e) {
            log.error("could not save the mappings: {}", e.toString());
        }
    }
}
