package mrtbox.appliance.state;

import java.io.IOException;
import java.util.List;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
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
        for (Mapping m : loaded.value().mappings()) {
            String wider = widerThanTarget(m, registry);
            if (wider != null) log.warn("mappings: {}", wider);
        }
        book.addListener(all -> save(store, all));
        return book;
    }

    /**
     * Why {@code m} drives its target beyond the target's range, or null: a mapping saved under another model's
     * range (MRT v1's guidance 0..10 on an MRT2 box's 0..5) is kept as saved, its ends clamped by the parameter, so
     * part of the control's travel does nothing; the log says so instead of the knob going quiet unexplained.
     */
    static String widerThanTarget(Mapping m, ParameterRegistry registry) {
        ParamHandle h = registry.handle(m.target());
        if (h == null || !h.spec().hasRange()) return null;
        double lo = Math.min(m.min(), m.max()), hi = Math.max(m.min(), m.max());
        ParamSpec s = h.spec();
        if (lo >= s.min() && hi <= s.max()) return null;
        return "mapping " + m.id() + " drives " + m.target() + " over " + fmt(m.min()) + ".." + fmt(m.max()) + ", beyond its range "
                + fmt(s.min()) + ".." + fmt(s.max()) + ": the control's travel past the range is clamped (edit the mapping or learn it again)";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static void save(StateStore store, List<Mapping> all) {
        try {
            store.save(MappingsFile.TYPE, new MappingsFile(all));
        } catch (IOException | RuntimeException e) {
            log.error("could not save the mappings: {}", e.toString());
        }
    }
}
